//! Putting a console together: config and profile, theme and keymap, the log file, the
//! backend — then handing over to the runtime loop.

use anyhow::Context;
use frontline_app::{Keymap, Model, Settings};
use frontline_backend::Helpdesk;
use frontline_backend::chatwoot::{Chatwoot, ChatwootOptions};
use frontline_backend::http::RetryPolicy;
use frontline_backend::rt::{Rt, RtOptions};
use frontline_backend::zendesk::{Credentials, Zendesk};
use frontline_clock::SharedClock;
use frontline_config::{Config, ThemeSet};
use frontline_shop::Shop;
use frontline_shop::shopify::Shopify;
use std::path::Path;
use std::sync::Arc;

/// Options from the command line that shape the console.
#[derive(Debug, Clone, Default)]
pub struct ConsoleOptions {
    pub theme: Option<String>,
    pub no_color: bool,
    pub read_only: bool,
    pub wallboard: bool,
    /// Said in the status line at start (no log file, a store in a temporary folder).
    pub warning: Option<String>,
}

/// The config at the usual places, or an empty one when there is none (the demo needs none).
pub fn load_config(explicit: Option<&Path>) -> anyhow::Result<Config> {
    match frontline_config::locate(explicit) {
        Some(p) => Ok(Config::load(&p)?),
        None => Ok(Config::default()),
    }
}

/// A profile's shop, or why it is off (said in the status line; the console runs without it).
#[derive(Default)]
pub struct ShopSetup {
    pub shop: Option<Arc<dyn Shop>>,
    pub problem: Option<String>,
}

/// The shop of profile `name`, with its token resolved. A shop that cannot be set up does not
/// stop the console: the problem is reported and the orders stay off.
pub fn shop_of(name: &str, p: &frontline_config::Profile, cfg: &Config) -> ShopSetup {
    let Some(s) = &p.shop else { return ShopSetup::default() };
    let made = frontline_config::resolve_token(&format!("{name}.shop"), &s.token_profile(p), cfg.path.as_deref())
        .map_err(|e| e.to_string())
        .and_then(|(token, warnings)| {
            for w in warnings {
                eprintln!("frontline: warning: {}", frontline_model::text::sanitize(&w));
                tracing::warn!("{w}");
            }
            Shopify::new(&s.url, &token, s.api_version.as_deref()).map_err(|e| e.to_string())
        });
    match made {
        Ok(shop) => ShopSetup { shop: Some(Arc::new(shop)), problem: None },
        Err(e) => {
            tracing::warn!("shop off: {e}");
            ShopSetup { shop: None, problem: Some(format!("orders off: {e}")) }
        }
    }
}

/// Runs the console on `backend` (and the profile's shop) until the agent quits.
pub async fn console(
    cfg: &Config,
    backend: Arc<dyn Helpdesk>,
    shop: ShopSetup,
    mut settings: Settings,
    opts: &ConsoleOptions,
    store: frontline_store::Store,
) -> anyhow::Result<()> {
    let (themes, problems) = ThemeSet::load(frontline_config::config_dir().map(|d| d.join("themes")).as_deref());
    for p in &problems {
        tracing::warn!("theme skipped: {p}");
    }
    let theme = opts.theme.clone().or_else(|| cfg.theme.clone()).unwrap_or_else(|| "default-dark".into());
    if themes.get(&theme).is_none() {
        anyhow::bail!(
            "theme `{theme}` not found (have: {}); set theme = \"…\" in the config or pass --theme",
            themes.names().join(", ")
        );
    }
    settings.kpi = cfg.kpi.clone();
    settings.undo_secs = cfg.undo_seconds as i64;
    settings.assign_on_solve = cfg.assign_on_solve;
    settings.after_send = cfg.after_send;
    settings.read_only = settings.read_only || cfg.read_only || opts.read_only;
    settings.escalation = cfg.escalation.clone();
    settings.local_macros = cfg.macros.clone();
    settings.notify = cfg.notifications.clone();
    settings.sla_warn_secs = cfg.sla.warn_minutes * 60;
    settings.sla_critical_secs = cfg.sla.critical_minutes * 60;
    settings.seconds_window = cfg.sla.seconds_within_minutes.max(0) * 60;
    settings.time_tracking = cfg.time_tracking.enabled.then(|| cfg.time_tracking.idle_secs());
    settings.utc_offset = local_offset(store.now());
    settings.status_names = backend.status_names();
    settings.helpdesk = backend.describe();
    settings.can_merge = backend.can_merge();
    settings.shows_typing = backend.shows_typing();
    settings.snoozing = backend.snoozing();
    let no_color = opts.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut model = Model::new(settings, Keymap::new(&cfg.keys), theme, themes.names(), store.now());
    model.board.on = opts.wallboard;
    model.notice = opts.warning.clone().or(shop.problem).map(|text| frontline_app::Notice { text, error: true });
    model.orders.shop = shop.shop.as_ref().map(|s| s.describe());
    // outbox keys start with a random id: never the same twice, whatever the pid or the second
    model.writes.session = uuid::Uuid::new_v4().simple().to_string();
    tracing::info!("console on {} (local store {})", backend.describe(), store.path().display());
    crate::runtime::run(model, backend, shop.shop, store, themes, no_color).await
}

/// The backend of a profile, with its token resolved (warnings go to stderr and the log).
pub fn connect(
    cfg: &Config,
    profile: Option<&str>,
    clock: SharedClock,
) -> anyhow::Result<(String, frontline_config::Profile, Arc<dyn Helpdesk>)> {
    let (name, p) = cfg.profile(profile)?;
    let (token, warnings) = frontline_config::resolve_token(&name, &p, cfg.path.as_deref())?;
    for w in warnings {
        eprintln!("frontline: warning: {}", frontline_model::text::sanitize(&w));
        tracing::warn!("{w}");
    }
    let backend: Arc<dyn Helpdesk> = match p.backend.as_str() {
        "rt" => Arc::new(
            Rt::new(&p.url, token, rt_options(&p), RetryPolicy::default())
                .with_context(|| format!("profile `{name}`"))?,
        ),
        "chatwoot" => Arc::new(
            Chatwoot::new(&p.url, token, chatwoot_options(&p), RetryPolicy::default())
                .with_context(|| format!("profile `{name}`"))?
                .with_clock(clock),
        ),
        _ => {
            let creds = if p.oauth {
                Credentials::OAuth { token }
            } else {
                Credentials::ApiToken { email: p.email.clone().unwrap_or_default(), token }
            };
            Arc::new(
                Zendesk::new(&p.url, creds, RetryPolicy::default())
                    .with_context(|| format!("profile `{name}`"))?
                    .with_time_fields(p.time_fields),
            )
        }
    };
    Ok((name, p, backend))
}

/// A Request Tracker profile's settings for the adapter.
pub fn rt_options(p: &frontline_config::Profile) -> RtOptions {
    RtOptions {
        user: p.user.clone().unwrap_or_default(),
        basic_auth: p.basic_auth,
        views: p.views.iter().map(|v| (v.name.clone(), v.query.clone())).collect(),
        bands: p.priorities.unwrap_or_default(),
        agents: p.agents.clone(),
    }
}

/// A Chatwoot profile's settings for the adapter.
pub fn chatwoot_options(p: &frontline_config::Profile) -> ChatwootOptions {
    ChatwootOptions {
        account_id: p.account_id,
        filters: p.filters.iter().map(|f| (f.name.clone(), f.payload())).collect(),
        cable_url: p.cable_url.clone(),
    }
}

/// Settings that poll between `min` and `max` seconds with 10 % jitter, from a sequence of
/// this process's own, so consoles started together drift apart.
fn paced(min: u64, max: u64) -> Settings {
    Settings {
        poll_range: Some((min as i64, max as i64)),
        poll_jitter: 0.1,
        poll_seed: rand::random(),
        ..Settings::default()
    }
}

/// `frontline [--profile NAME]`: the console on a configured helpdesk.
pub async fn profile_console(
    cfg: &Config,
    profile: Option<&str>,
    opts: &ConsoleOptions,
    clock: SharedClock,
) -> anyhow::Result<()> {
    let (name, p, backend) = connect(cfg, profile, clock.clone())?;
    let store = open_store(&name, &p.identity(), clock).await?;
    let (min, max) = p.poll_range();
    let settings =
        Settings { poll_secs: p.poll_interval_secs.max(2) as i64, read_only: p.read_only, ..paced(min, max) };
    let shop = shop_of(&name, &p, cfg);
    console(cfg, backend, shop, settings, opts, store).await
}

/// The local store (cache, outbox, drafts) of this profile for this helpdesk identity, a
/// 0600 file in a 0700 folder. A store from before identities is adopted by the identity the
/// profile has now. Where the data folder cannot be written, a store in a temporary folder for
/// this session, saying so.
pub async fn open_store(profile: &str, identity: &str, clock: SharedClock) -> anyhow::Result<frontline_store::Store> {
    let data = frontline_config::data_dir();
    let path = frontline_store::path_for_identity(&data, profile, identity);
    let legacy = frontline_store::path_for(&data, profile);
    if legacy.exists() && !path.exists() {
        for ext in ["", "-wal", "-shm"] {
            let from = std::path::PathBuf::from(format!("{}{ext}", legacy.display()));
            if from.exists() {
                std::fs::rename(&from, format!("{}{ext}", path.display()))
                    .with_context(|| format!("moving {} to {}", from.display(), path.display()))?;
            }
        }
    }
    let ready = path.parent().map_or(Ok(()), crate::private::dir).and_then(|()| crate::private::file(&path));
    if let Err(e) = ready {
        let tmp = tempfile::Builder::new()
            .prefix("frontline-store-")
            .tempdir()
            .context("no writable data folder and no temporary folder either")?
            .keep();
        let tmp_path = frontline_store::path_for(&tmp, profile);
        // the same modes as every store: conversation text is nobody else's to read
        crate::private::dir(&tmp)
            .and_then(|()| tmp_path.parent().map_or(Ok(()), crate::private::dir))
            .and_then(|()| crate::private::file(&tmp_path))?;
        let store = frontline_store::Store::open(&tmp_path, clock)?.temporary();
        return Ok(store.noted(format!(
            "cannot write {} ({e}): this session's cache, drafts and unsent writes are kept in {} and the next start \
             will not find them — make the folder writable or set XDG_DATA_HOME",
            path.display(),
            tmp.display()
        )));
    }
    let store = open_waiting(&path, clock).await?;
    if !store.is_read_only() && store.identity().await.ok().flatten().as_deref() != Some(identity) {
        store.set_identity(identity).await?;
    }
    Ok(store)
}

/// How long a start waits for another process to let go of the store.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Opens the store, waiting (and saying so) while another process holds its lock. No error
/// here advises removing the file: it holds the unsent writes.
async fn open_waiting(path: &std::path::Path, clock: SharedClock) -> anyhow::Result<frontline_store::Store> {
    let mut waited = std::time::Duration::ZERO;
    loop {
        match frontline_store::Store::open(path, clock.clone()) {
            Err(frontline_store::StoreError::Locked { .. }) if waited < LOCK_WAIT => {
                if waited.is_zero() {
                    eprintln!(
                        "frontline: the local store {} is in use by another process; waiting up to {} s…",
                        path.display(),
                        LOCK_WAIT.as_secs()
                    );
                }
                // each open already waits the store's busy timeout; this is the gap between tries
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                waited += std::time::Duration::from_secs(6);
            }
            other => return Ok(other?),
        }
    }
}

/// `frontline demo`: a sandbox in this process, and the console on it as its first agent,
/// through the Zendesk adapter over HTTP. Quitting the console stops the sandbox.
#[cfg(feature = "sandbox")]
pub async fn demo(
    cfg: &Config,
    sandbox: frontline_sandbox::SandboxOptions,
    opts: &ConsoleOptions,
    clock: SharedClock,
) -> anyhow::Result<()> {
    let sb = frontline_sandbox::start(sandbox).await.context("starting the sandbox")?;
    let email = sb.agent_emails.first().cloned().context("the sandbox has no agents")?;
    tracing::info!("demo sandbox at {} as {email}", sb.url);
    let backend =
        Zendesk::new(&sb.url, Credentials::ApiToken { email, token: sb.token.clone() }, RetryPolicy::default())?;
    let settings = Settings { poll_secs: 10, start_view: Some("All open".into()), demo: true, ..paced(10, 60) };
    // The demo's helpdesk is new each time, so its local store is too: it lives beside the
    // sandbox's database and goes with it.
    let store_path = sb.db_path.with_file_name("frontline-demo-store.db");
    // the same modes as every store (0700 folder, 0600 file)
    store_path.parent().map_or(Ok(()), crate::private::dir).and_then(|()| crate::private::file(&store_path))?;
    let store = frontline_store::Store::open(&store_path, clock)?;
    // the sandbox's shop, wired in as a profile's [shop] would be
    let shop = Shopify::new(&sb.shop_url, &sb.shop_token, None).context("the sandbox's shop")?;
    let shop = ShopSetup { shop: Some(Arc::new(shop)), problem: None };
    let result = console(cfg, Arc::new(backend), shop, settings, opts, store).await;
    sb.stop().await;
    result
}

/// Seconds east of UTC of the local time at `at` (summer time included). The runtime asks
/// again each minute, so a console left running across a change follows it.
pub fn local_offset(at: frontline_clock::Timestamp) -> i64 {
    chrono::TimeZone::timestamp_opt(&chrono::Local, at, 0)
        .single()
        .map_or(0, |d| i64::from(chrono::Offset::fix(d.offset()).local_minus_utc()))
}
