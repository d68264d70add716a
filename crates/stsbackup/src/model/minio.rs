//! `minio:` — the MinIO subchart (8.0.10-stackstate.N) with the stackstate chart's overrides.
//!
//! Every key of the subchart's own values file is modelled, so a real key is never called
//! unknown, even where stsbackup does not check its value. Objects the subchart passes
//! through `toYaml` (resources, affinity, annotations, ...) are free-form.

use super::scalars::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A free-form object that the subchart renders with `toYaml`.
pub type FreeForm = Map<String, Value>;

/// The MinIO subchart's values, with the stackstate chart's defaults where it overrides them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Minio {
    /// Global values Helm shares with every subchart.
    pub global: FreeForm,
    /// A name in place of `minio` for `app:` labels.
    pub name_override: String,
    /// **Do not change.** The backup scripts reach MinIO at `stackstate-minio:9000` and read the Secret `stackstate-minio`.
    pub fullname_override: String,
    /// Kubernetes cluster domain where MinIO is running.
    pub cluster_domain: String,
    /// MinIO server image.
    pub image: Image,
    /// MinIO client (`mc`) image used to create a default bucket.
    pub mc_image: Image,
    /// Image used to create the Prometheus ServiceMonitor secret.
    pub helm_kubectl_jq_image: Image,
    /// MinIO server mode.
    pub mode: MinioMode,
    /// Additional labels on the Deployment or StatefulSet.
    pub additional_labels: Value,
    /// Additional annotations on the Deployment or StatefulSet.
    pub additional_annotations: Value,
    /// Additional arguments for the MinIO binary.
    pub extra_args: Vec<Value>,
    /// Update strategy for Deployments.
    #[serde(rename = "DeploymentUpdate")]
    pub deployment_update: DeploymentUpdate,
    /// Update strategy for StatefulSets.
    #[serde(rename = "StatefulSetUpdate")]
    pub stateful_set_update: StatefulSetUpdate,
    /// Pod priority class.
    pub priority_class_name: String,
    /// MinIO access key: 5 to 20 letters and digits. With the Azure gateway: the storage account name.
    pub access_key: String,
    /// MinIO secret key: 8 to 40 letters and digits. With the Azure gateway: the storage account key.
    pub secret_key: String,
    /// Path of the certificates in the MinIO pod.
    pub certs_path: String,
    /// Path of the `mc` configuration in the MinIO pod.
    pub config_pathmc: String,
    /// Volume mount path of the data.
    pub mount_path: String,
    /// An existing Secret with the keys `accesskey` and `secretkey` (then `accessKey`/`secretKey` here are ignored).
    pub existing_secret: String,
    /// Root directory MinIO serves from (a sub-directory of `mountPath`).
    pub bucket_root: String,
    /// Number of drives attached to a node.
    pub drives_per_node: i64,
    /// Number of MinIO replicas (distributed mode only; the stackstate chart sets 1).
    pub replicas: i64,
    /// Number of expanded MinIO clusters.
    pub zones: i64,
    /// TLS settings.
    pub tls: Tls,
    /// Secret with trusted certificates.
    pub trusted_certs_secret: String,
    /// Local storage on a PersistentVolumeClaim (when MinIO is not a gateway).
    pub persistence: Persistence,
    /// The MinIO Service.
    pub service: Service,
    /// Image pull secrets.
    pub image_pull_secrets: Vec<Value>,
    /// Ingress for MinIO.
    pub ingress: Ingress,
    /// Node labels for pod assignment.
    pub node_selector: FreeForm,
    /// Tolerations for pod assignment.
    pub tolerations: Vec<Value>,
    /// Affinity for pod assignment.
    pub affinity: FreeForm,
    /// Security context of the MinIO pod.
    pub security_context: PodSecurityContext,
    /// Additional pod annotations.
    pub pod_annotations: FreeForm,
    /// Additional pod labels.
    pub pod_labels: FreeForm,
    /// Resource requests and limits.
    pub resources: FreeForm,
    /// A bucket created after install.
    pub default_bucket: DefaultBucket,
    /// Buckets created after install.
    pub buckets: Vec<Value>,
    /// The make-bucket Job.
    pub make_bucket_job: HelperJob,
    /// The update-prometheus-secret Job.
    pub update_prometheus_job: HelperJob,
    /// MinIO as a gateway to AWS S3.
    pub s3gateway: S3Gateway,
    /// MinIO as a gateway to Azure Blob Storage.
    pub azuregateway: AzureGateway,
    /// MinIO as a gateway to Google Cloud Storage (not supported by StackState).
    pub gcsgateway: GcsGateway,
    /// MinIO on a NAS backend (not supported by StackState).
    pub nasgateway: NasGateway,
    /// Environment variables for the MinIO container.
    pub environment: FreeForm,
    /// NetworkPolicy for MinIO.
    pub network_policy: NetworkPolicy,
    /// PodDisruptionBudget for MinIO.
    pub pod_disruption_budget: MinioPodDisruptionBudget,
    /// The service account of the MinIO pods.
    pub service_account: ServiceAccount,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// etcd settings.
    pub etcd: Etcd,
}

impl Default for Minio {
    fn default() -> Self {
        Minio {
            global: FreeForm::new(),
            name_override: String::new(),
            fullname_override: "stackstate-minio".into(),
            cluster_domain: "cluster.local".into(),
            image: Image {
                registry: "quay.io".into(),
                repository: "stackstate/minio".into(),
                tag: "RELEASE.2021-02-14T04-01-33Z-3118065624".into(),
                pull_policy: "IfNotPresent".into(),
                ..Image::default()
            },
            mc_image: Image {
                registry: "docker.io".into(),
                repository: "minio/mc".into(),
                tag: "RELEASE.2021-02-14T04-28-06Z".into(),
                pull_policy: "IfNotPresent".into(),
                ..Image::default()
            },
            helm_kubectl_jq_image: Image {
                registry: "docker.io".into(),
                repository: "bskim45/helm-kubectl-jq".into(),
                tag: "3.1.0".into(),
                pull_policy: "IfNotPresent".into(),
                ..Image::default()
            },
            mode: MinioMode::Standalone,
            additional_labels: Value::Array(Vec::new()),
            additional_annotations: Value::Array(Vec::new()),
            extra_args: Vec::new(),
            deployment_update: DeploymentUpdate::default(),
            stateful_set_update: StatefulSetUpdate::default(),
            priority_class_name: String::new(),
            access_key: "setme".into(),
            secret_key: "setme".into(),
            certs_path: "/etc/minio/certs/".into(),
            config_pathmc: "/etc/minio/mc/".into(),
            mount_path: "/export".into(),
            existing_secret: String::new(),
            bucket_root: String::new(),
            drives_per_node: 1,
            replicas: 1,
            zones: 1,
            tls: Tls::default(),
            trusted_certs_secret: String::new(),
            persistence: Persistence::default(),
            service: Service::default(),
            image_pull_secrets: Vec::new(),
            ingress: Ingress::default(),
            node_selector: FreeForm::new(),
            tolerations: Vec::new(),
            affinity: FreeForm::new(),
            security_context: PodSecurityContext::default(),
            pod_annotations: FreeForm::new(),
            pod_labels: FreeForm::new(),
            resources: FreeForm::new(),
            default_bucket: DefaultBucket::default(),
            buckets: Vec::new(),
            make_bucket_job: HelperJob::default(),
            update_prometheus_job: HelperJob::default(),
            s3gateway: S3Gateway::default(),
            azuregateway: AzureGateway::default(),
            gcsgateway: GcsGateway::default(),
            nasgateway: NasGateway::default(),
            environment: FreeForm::new(),
            network_policy: NetworkPolicy::default(),
            pod_disruption_budget: MinioPodDisruptionBudget::default(),
            service_account: ServiceAccount::default(),
            metrics: Metrics::default(),
            etcd: Etcd::default(),
        }
    }
}

/// MinIO server mode: `standalone`, a single MinIO server (what the stackstate chart runs), or
/// `distributed`, several servers sharing the drives (`replicas`, `zones`).
// The variants are documented here, not one by one: variant docs would turn the schema's
// `enum` into a `oneOf` of constants, and its errors into an unreadable message.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MinioMode {
    #[default]
    Standalone,
    Distributed,
}

/// A container image.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Image {
    /// Registry of the image; empty for the Docker Hub default.
    pub registry: String,
    /// Repository of the image.
    pub repository: String,
    /// Tag of the image.
    pub tag: String,
    /// When the kubelet pulls the image (`IfNotPresent`, `Always`, `Never`).
    pub pull_policy: String,
    /// Name of an image pull secret for this image.
    pub pull_secret_name: Option<String>,
    /// Registry user of a generated image pull secret.
    pub pull_secret_username: Option<String>,
    /// Docker config JSON of a generated image pull secret.
    pub pull_secret_docker_config_json: Option<String>,
}

/// Update strategy for Deployments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct DeploymentUpdate {
    #[serde(rename = "type")]
    /// The strategy (`RollingUpdate` or `Recreate`).
    pub kind: String,
    /// Pods that may be unavailable during an update.
    pub max_unavailable: IntOrString,
    /// Pods that may be created above the desired count during an update.
    pub max_surge: IntOrString,
}

impl Default for DeploymentUpdate {
    fn default() -> Self {
        DeploymentUpdate {
            kind: "RollingUpdate".into(),
            max_unavailable: IntOrString::Int(0),
            max_surge: IntOrString::String("100%".into()),
        }
    }
}

/// Update strategy for StatefulSets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct StatefulSetUpdate {
    /// The strategy (`RollingUpdate` or `OnDelete`).
    pub update_strategy: String,
}

impl Default for StatefulSetUpdate {
    fn default() -> Self {
        StatefulSetUpdate {
            update_strategy: "RollingUpdate".into(),
        }
    }
}

/// TLS settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Tls {
    /// Whether MinIO serves TLS.
    pub enabled: bool,
    /// The Secret holding the certificate and key.
    pub cert_secret: String,
    /// The certificate's key in that Secret.
    pub public_crt: String,
    /// The private key's key in that Secret.
    pub private_key: String,
}

impl Default for Tls {
    fn default() -> Self {
        Tls {
            enabled: false,
            cert_secret: String::new(),
            public_crt: "public.crt".into(),
            private_key: "private.key".into(),
        }
    }
}

/// Local storage on a PersistentVolumeClaim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Persistence {
    /// Enables MinIO persistence. Must be enabled when MinIO is not configured as a gateway to AWS S3 or Azure Blob Storage.
    pub enabled: bool,
    /// A manually managed PersistentVolumeClaim.
    pub existing_claim: String,
    /// Storage class of the volume (`-` disables dynamic provisioning).
    pub storage_class: Option<String>,
    /// Name of a PersistentVolume to bind.
    #[serde(rename = "VolumeName")]
    pub volume_name: String,
    /// Access mode of the volume.
    pub access_mode: String,
    /// Size of the volume.
    pub size: String,
    /// Mount a sub folder of the volume.
    pub sub_path: String,
}

impl Default for Persistence {
    fn default() -> Self {
        Persistence {
            // The subchart defaults to true; the stackstate chart overrides it to false.
            enabled: false,
            existing_claim: String::new(),
            storage_class: Some(String::new()),
            volume_name: String::new(),
            access_mode: "ReadWriteOnce".into(),
            size: "500Gi".into(),
            sub_path: String::new(),
        }
    }
}

/// The MinIO Service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Service {
    #[serde(rename = "type")]
    /// The Service type (`ClusterIP`, `NodePort`, `LoadBalancer`).
    pub kind: String,
    #[serde(rename = "clusterIP")]
    /// A fixed cluster IP.
    pub cluster_ip: Option<String>,
    /// The port MinIO listens on (9000).
    pub port: i64,
    /// The node port, with a `NodePort` Service.
    pub node_port: i64,
    #[serde(rename = "externalIPs")]
    /// External IPs of the Service.
    pub external_ips: Vec<String>,
    /// Annotations on the Service.
    pub annotations: FreeForm,
    /// Used when `type` is `LoadBalancer`.
    #[serde(rename = "loadBalancerIP")]
    pub load_balancer_ip: Option<String>,
}

impl Default for Service {
    fn default() -> Self {
        Service {
            kind: "ClusterIP".into(),
            cluster_ip: None,
            port: 9000,
            node_port: 32000,
            external_ips: Vec::new(),
            annotations: FreeForm::new(),
            load_balancer_ip: None,
        }
    }
}

/// Ingress for MinIO.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Ingress {
    /// Whether an Ingress is created.
    pub enabled: bool,
    /// Labels on the Ingress.
    pub labels: FreeForm,
    /// Annotations on the Ingress.
    pub annotations: FreeForm,
    /// The path the Ingress routes.
    pub path: String,
    /// The hosts the Ingress routes.
    pub hosts: Vec<String>,
    /// TLS settings of the Ingress, as Kubernetes has them.
    pub tls: Vec<Value>,
}

impl Default for Ingress {
    fn default() -> Self {
        Ingress {
            enabled: false,
            labels: FreeForm::new(),
            annotations: FreeForm::new(),
            path: "/".into(),
            hosts: vec!["chart-example.local".into()],
            tls: Vec::new(),
        }
    }
}

/// Security context of the MinIO pod.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct PodSecurityContext {
    /// Whether the security context is set.
    pub enabled: bool,
    /// The user the MinIO container runs as.
    pub run_as_user: i64,
    /// The group the MinIO container runs as.
    pub run_as_group: i64,
    /// The group that owns mounted volumes.
    pub fs_group: i64,
}

impl Default for PodSecurityContext {
    fn default() -> Self {
        PodSecurityContext {
            enabled: true,
            run_as_user: 1000,
            run_as_group: 1000,
            fs_group: 1000,
        }
    }
}

/// A bucket created after install.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct DefaultBucket {
    /// Whether the bucket is created.
    pub enabled: bool,
    /// The bucket's name.
    pub name: String,
    /// The bucket's anonymous-access policy (`none`, `download`, `upload`, `public`).
    pub policy: String,
    /// Whether an existing bucket of that name is emptied first.
    pub purge: bool,
    /// Whether versioning is switched on for the bucket.
    pub versioning: Option<bool>,
}

impl Default for DefaultBucket {
    fn default() -> Self {
        DefaultBucket {
            enabled: false,
            name: "bucket".into(),
            policy: "none".into(),
            purge: false,
            versioning: None,
        }
    }
}

/// A helper Job of the subchart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct HelperJob {
    /// Annotations on the Job's pod.
    pub pod_annotations: Option<FreeForm>,
    /// Annotations on the Job.
    pub annotations: Option<FreeForm>,
    /// Security context of the Job.
    pub security_context: HelperJobSecurityContext,
    /// Resources of the Job's container (passed through whole).
    pub resources: FreeForm,
}

/// Security context of a helper Job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct HelperJobSecurityContext {
    /// Whether the security context is set.
    pub enabled: bool,
    /// The user the Job runs as.
    pub run_as_user: i64,
    /// The group the Job runs as.
    pub run_as_group: i64,
    /// The group that owns mounted volumes.
    pub fs_group: i64,
}

impl Default for HelperJobSecurityContext {
    fn default() -> Self {
        HelperJobSecurityContext {
            enabled: false,
            run_as_user: 1000,
            run_as_group: 1000,
            fs_group: 1000,
        }
    }
}

/// MinIO as a gateway to AWS S3.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct S3Gateway {
    /// Run MinIO as a gateway to AWS S3 (`minio gateway s3`).
    pub enabled: bool,
    /// Number of gateway instances (the stackstate chart sets 1).
    pub replicas: i64,
    /// S3 endpoint; empty means AWS S3.
    pub service_endpoint: String,
    /// AWS access key id; leave empty to use the pod's IAM role.
    pub access_key: String,
    /// AWS secret access key; leave empty to use the pod's IAM role.
    pub secret_key: String,
}

impl Default for S3Gateway {
    fn default() -> Self {
        S3Gateway {
            enabled: false,
            replicas: 1,
            service_endpoint: String::new(),
            access_key: String::new(),
            secret_key: String::new(),
        }
    }
}

/// MinIO as a gateway to Azure Blob Storage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct AzureGateway {
    /// Run MinIO as a gateway to Azure Blob Storage (`minio gateway azure`).
    pub enabled: bool,
    /// Number of gateway instances (the stackstate chart sets 1).
    pub replicas: i64,
}

impl Default for AzureGateway {
    fn default() -> Self {
        AzureGateway {
            enabled: false,
            replicas: 1,
        }
    }
}

/// MinIO as a gateway to Google Cloud Storage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct GcsGateway {
    /// Whether MinIO is a gateway to Google Cloud Storage.
    pub enabled: bool,
    /// Number of gateway replicas.
    pub replicas: i64,
    /// Service account key JSON.
    pub gcs_key_json: String,
    /// The Google Cloud project.
    pub project_id: String,
}

impl Default for GcsGateway {
    fn default() -> Self {
        GcsGateway {
            enabled: false,
            replicas: 4,
            gcs_key_json: String::new(),
            project_id: String::new(),
        }
    }
}

/// MinIO on a NAS backend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct NasGateway {
    /// Whether MinIO serves a NAS volume.
    pub enabled: bool,
    /// Number of MinIO replicas on the NAS.
    pub replicas: i64,
    /// A PersistentVolume to bind.
    pub pv: Option<String>,
}

impl Default for NasGateway {
    fn default() -> Self {
        NasGateway {
            enabled: false,
            replicas: 4,
            pv: None,
        }
    }
}

/// NetworkPolicy for MinIO.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct NetworkPolicy {
    /// Whether a NetworkPolicy is created.
    pub enabled: bool,
    /// Whether clients without the client label may connect.
    pub allow_external: bool,
}

impl Default for NetworkPolicy {
    fn default() -> Self {
        NetworkPolicy {
            enabled: false,
            allow_external: true,
        }
    }
}

/// PodDisruptionBudget for MinIO.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct MinioPodDisruptionBudget {
    /// Whether a PodDisruptionBudget is created.
    pub enabled: bool,
    /// Pods that may be unavailable during a disruption.
    pub max_unavailable: IntOrString,
}

impl Default for MinioPodDisruptionBudget {
    fn default() -> Self {
        MinioPodDisruptionBudget {
            enabled: false,
            max_unavailable: IntOrString::Int(1),
        }
    }
}

/// The service account of the MinIO pods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceAccount {
    /// Whether the service account is created.
    pub create: bool,
    /// Its name; the release's full name when unset.
    pub name: Option<String>,
    /// Annotations on the service account (IRSA's `eks.amazonaws.com/role-arn` goes here).
    pub annotations: FreeForm,
}

impl Default for ServiceAccount {
    fn default() -> Self {
        ServiceAccount {
            create: true,
            name: None,
            annotations: FreeForm::new(),
        }
    }
}

/// Prometheus metrics.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Metrics {
    /// The Prometheus Operator ServiceMonitor.
    pub service_monitor: ServiceMonitor,
}

/// A Prometheus Operator ServiceMonitor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceMonitor {
    /// Whether a ServiceMonitor is created.
    pub enabled: bool,
    /// Labels on the ServiceMonitor.
    pub additional_labels: FreeForm,
    /// Relabelling rules, as Prometheus has them.
    pub relabel_configs: Value,
    /// Namespace of the ServiceMonitor.
    pub namespace: Option<String>,
    /// Scrape interval.
    pub interval: Option<String>,
    /// Scrape timeout.
    pub scrape_timeout: Option<String>,
}

/// etcd settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Etcd {
    /// etcd endpoints for federation.
    pub endpoints: Vec<String>,
    /// Prefix of the bucket entries in etcd.
    pub path_prefix: String,
    /// Prefix of the CoreDNS entries in etcd.
    pub coredns_path_prefix: String,
    /// Client certificate for etcd.
    pub client_cert: String,
    /// Client certificate key for etcd.
    pub client_cert_key: String,
}
