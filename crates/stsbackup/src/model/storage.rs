//! `backup.storage:` — where S3Proxy keeps the backups (suse-observability 2.10.0 and later),
//! and the S3Proxy credentials of `global.s3proxy`.
//!
//! Every value is an `Option`: absent from the file, it takes the default of the release the
//! file is checked against (the catalogue's), not a classic default these keys never had.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// S3Proxy's storage: one backend, and the volume of the settings backups.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct BackupStorage {
    /// The one backend S3Proxy writes to.
    pub backend: StorageBackends,
    /// The volume that holds the settings backups (S3Proxy's `local-settings-backup` bucket).
    pub settings_pvc: VolumeSettings,
}

/// The backends; the chart fails unless exactly one is enabled (legacy `minio.*` switches count
/// for the choice but not for the check).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct StorageBackends {
    /// A PersistentVolumeClaim in the cluster.
    pub pvc: PvcBackend,
    /// AWS S3 or an S3-compatible store.
    pub s3: S3Backend,
    /// Azure Blob Storage.
    pub azure: AzureBackend,
}

/// The PersistentVolumeClaim backend.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct PvcBackend {
    /// Use a PersistentVolumeClaim (absent: `false`).
    pub enabled: Option<bool>,
    /// Size of the volume (absent: `500Gi`).
    pub size: Option<String>,
    /// Storage class of the volume (absent: the cluster's default).
    pub storage_class: Option<String>,
    /// Access modes of the volume (absent: `[ReadWriteOnce]`).
    pub access_modes: Option<Vec<String>>,
}

/// The S3 backend.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct S3Backend {
    /// Use S3 (absent: `false`).
    pub enabled: Option<bool>,
    /// Name of an existing Secret with `backendAccessKey` and `backendSecretKey`.
    pub from_external_secret: Option<String>,
    /// The AWS access key id; empty: the pod's identity (IRSA, instance profile).
    pub access_key: Option<String>,
    /// The AWS secret access key.
    pub secret_key: Option<String>,
    /// The endpoint of an S3-compatible store; empty: AWS.
    pub endpoint: Option<String>,
    /// The AWS region of the buckets.
    pub region: Option<String>,
}

/// The Azure Blob Storage backend.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct AzureBackend {
    /// Use Azure Blob Storage (absent: `false`).
    pub enabled: Option<bool>,
    /// Name of an existing Secret with `backendAccessKey` and `backendSecretKey`.
    pub from_external_secret: Option<String>,
    /// The storage account name (the endpoint is `https://<name>.blob.core.windows.net`).
    pub account_name: Option<String>,
    /// The storage account key; empty: managed identity.
    pub account_key: Option<String>,
    /// The Blob Storage endpoint, when not the account's default.
    pub endpoint: Option<String>,
}

/// A volume's size, class and access modes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct VolumeSettings {
    /// Size of the volume.
    pub size: Option<String>,
    /// Storage class of the volume.
    pub storage_class: Option<String>,
    /// Access modes of the volume.
    pub access_modes: Option<Vec<String>>,
}
