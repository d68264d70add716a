//! Rendering artifacts from the validated model and the templates in `templates/`.
