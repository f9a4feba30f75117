{{/*
Labels that select a component's pods. Never change them: Deployment and StatefulSet selectors are
immutable. Call with (dict "root" $ "component" "api").
*/}}
{{- define "mb.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
Labels that never change between chart versions: pod templates and volumeClaimTemplates (which are
immutable) carry only these. Call with (dict "root" $ "component" "api").
*/}}
{{- define "mb.stableLabels" -}}
{{ include "mb.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
{{ include "mb.tenancyLabels" .root }}
{{- end -}}

{{/*
The three labels Tenancy selects a tenant's objects by. Also handed to CloudNativePG, which puts
them on everything it creates for the Cluster (pods, claims, Services, Secrets, Jobs).
*/}}
{{- define "mb.tenancyLabels" -}}
app.kubernetes.io/part-of: mechanicbuddy
tenancy.dev/managed-by: tenancy
tenancy.dev/tenant: {{ required "tenant.id is required" .Values.tenant.id | quote }}
tenancy.dev/tenant-slug: {{ required "tenant.slug is required" .Values.tenant.slug | quote }}
{{- end -}}

{{/*
Every object's labels. Call with (dict "root" $ "component" "api" "version" "1.0.0").
*/}}
{{- define "mb.labels" -}}
{{ include "mb.stableLabels" . }}
app.kubernetes.io/version: {{ .version | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Pod template labels: no helm.sh/chart and no app.kubernetes.io/version, so that an upgrade that
changes neither image nor settings restarts no pod. Call with (dict "root" $ "component" "api").
*/}}
{{- define "mb.podLabels" -}}
{{ include "mb.stableLabels" . }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "mb.apiTag" -}}
{{- .Values.api.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "mb.webTag" -}}
{{- .Values.web.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/*
The instance's host (the custom domain when Tenancy verified one), lower-cased.
*/}}
{{- define "mb.host" -}}
{{- required "host is required" .Values.host | lower -}}
{{- end -}}

{{/*
Pod Security "restricted" at pod level. Call with the UID.
*/}}
{{- define "mb.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
Pod Security "restricted" for every container (init containers included).
*/}}
{{- define "mb.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
What every pod spec shares: the tenant's ServiceAccount without an API token, no service links.
*/}}
{{- define "mb.podCommon" -}}
serviceAccountName: {{ .Values.serviceAccountName }}
automountServiceAccountToken: false
enableServiceLinks: false
{{- end -}}

{{/*
Which database runs: "cnpg" (a CloudNativePG Cluster) or "statefulset".

database.provider "auto" takes CloudNativePG when the cluster serves postgresql.cnpg.io/v1 Cluster,
and a StatefulSet otherwise; but an instance never changes branch on its own: once a StatefulSet
`postgres` (or a Cluster `postgres`) holds its data, auto keeps that one even if CloudNativePG is
installed (or removed) later. An explicit "cnpg" or "statefulset" that contradicts the data found
stops the upgrade (switching would start an empty database next to the old one). `helm template`
sees no existing objects.
*/}}
{{- define "mb.databaseProvider" -}}
{{- $want := .Values.database.provider -}}
{{- $served := .Capabilities.APIVersions.Has "postgresql.cnpg.io/v1/Cluster" -}}
{{- $sts := lookup "apps/v1" "StatefulSet" .Release.Namespace "postgres" -}}
{{- $cluster := dict -}}
{{- if $served -}}
{{- $cluster = lookup "postgresql.cnpg.io/v1" "Cluster" .Release.Namespace "postgres" -}}
{{- end -}}
{{- if eq $want "cnpg" -}}
{{- if $sts -}}
{{- fail "database.provider is cnpg, but StatefulSet postgres holds this instance's database: migrate the data first (see README.md, Switching the database)" -}}
{{- end -}}
cnpg
{{- else if eq $want "statefulset" -}}
{{- if $cluster -}}
{{- fail "database.provider is statefulset, but Cluster postgres (CloudNativePG) holds this instance's database: migrate the data first (see README.md, Switching the database)" -}}
{{- end -}}
statefulset
{{- else if $sts -}}
statefulset
{{- else if or $cluster $served -}}
cnpg
{{- else -}}
statefulset
{{- end -}}
{{- end -}}

{{/*
The PodDisruptionBudget apiVersion the cluster serves; "" when none.
*/}}
{{- define "mb.pdbApiVersion" -}}
{{- if .Capabilities.APIVersions.Has "policy/v1" -}}
policy/v1
{{- end -}}
{{- end -}}

{{- define "mb.storageClass" -}}
{{- with .Values.storageClassName }}
storageClassName: {{ . }}
{{- end }}
{{- end -}}

{{/*
A container's env entry from a key of the credentials Secret. Call with (dict "root" $ "name" "X" "key" "k").
*/}}
{{- define "mb.credentialEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.credentials.secretName }}
      key: {{ .key }}
{{- end -}}
