package config

// Example is a commented configuration file. It parses as is, with the defaults spelled out; it
// holds no secret. `podmux config example` prints it with the ui.keys line (KeysLine) replaced
// by every key action and its default keys, generated from the key map.
// KeysLine is Example's ui.keys line.
const KeysLine = `  keys: {}                      # action: [keys], e.g. prefix.split_right: ["%", "|"]`

const Example = `# podmux configuration: $XDG_CONFIG_HOME/podmux/config.yaml (~/.config/podmux/config.yaml).
# Every key is optional; unknown keys are errors. See README "Configuration".

# Profile used when --profile is not given.
default_profile: otc

profiles:
  # Open Telekom Cloud, eu-de, IAM user name + password. The password comes from a command
  # (a password manager), so no secret sits in this file.
  otc:
    cloud: otc                  # otc | huawei | custom
    region: eu-de               # CCI https://cci.eu-de.otc.t-systems.com, IAM https://iam.eu-de.otc.t-systems.com/v3
    project_name: eu-de         # OTC project = region (or eu-de_<subproject>); or project_id
    domain: OTC-EU-DE-00000000001000000000   # the account (domain) name
    user: alice
    auth: password              # token | password | aksk
    password_command: pass show otc/alice
    # user_id: 0123abcd…        # needed for MFA only if IAM does not tell it

  # Huawei Cloud with an access key: keys come from OS_ACCESS_KEY/OS_SECRET_KEY,
  # HUAWEICLOUD_SDK_AK/SK or ~/.huaweicloud/credentials (ak/sk here work but are warned about).
  hwc:
    cloud: huawei
    region: ap-southeast-1      # CCI https://cci.ap-southeast-1.myhuaweicloud.com
    project_id: 0123456789abcdef0123456789abcdef
    auth: aksk

  # Anything else: explicit endpoints.
  lab:
    cloud: custom
    endpoint: https://127.0.0.1:8443
    iam_endpoint: https://127.0.0.1:8443/v3
    ca_file: ~/.cache/podmux/serve-cert.pem
    insecure_skip_tls_verify: false    # true is unsafe and warned about
    exec_protocol: auto                # auto | websocket | spdy (auto: WebSocket, SPDY if refused)

ui:
  theme: dark                   # dark | light | auto
  scrollback_lines: 10000
  shells: [bash, sh]            # tried in order when opening a shell
  prefix: ctrl+b                # tmux-style prefix key
  keys: {}                      # action: [keys], e.g. prefix.split_right: ["%", "|"]
  poll_interval: 5s             # how often to list again where the server cannot watch
  log_tail: 500                 # lines of history a log pane starts with

recording:
  enabled: true                 # every session is written as asciicast v2 under $XDG_STATE_HOME/podmux/recordings
  record_input: false           # also record what you type (may capture passwords)
  max_total_size: 1GiB          # the oldest recordings are removed first
  max_age: 720h

keepalive: 30s                  # exec ping interval (WebSocket ping, SPDY PING); 0 turns pings off

reconnect:
  enabled: true
  max_attempts: 5
  backoff: 1s
  max_backoff: 30s
`
