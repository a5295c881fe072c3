//! `baedal-load pages`: how many server-rendered pages a running Baedal
//! serves per second, anonymous and signed in, beside the `/healthz`
//! ceiling measured in the same run.
//!
//! Each page is fetched in a closed loop over keep-alive connections, as a
//! browser asks for it (`Accept: text/html`), uncompressed unless the row
//! says otherwise: as a browser asks (`gzip, deflate, br, zstd`), which the
//! server answers with brotli, or gzip only; either way from a kept page
//! compressed once. An answer counts only when it is `200 OK` and holds the
//! page's own marker, so an error page cannot pass for a page.
//!
//! The server keeps the store list and store pages once rendered, for each
//! visitor under what it read of them, so asking for the same page again is
//! mostly served from memory. The rows marked "rendered each time" ask for
//! the same page with an empty query (`/?`), which the server never keeps:
//! they are what a first view, or a view after a change, costs; the
//! anonymous ones what Leptos's rendering of the page alone costs.
//!
//! The rows of "customers in turn" sign up that many customers first, and
//! each request is one customer's, the next in turn: the first row of each
//! page holds every customer's first view of it, which is rendered, and the
//! row after it asks again, from what the server kept for each of them.
//! The rows "while store 1 changes" ask again while owner1 sells a dish of
//! their store out and back ten times a second, as store owners do all
//! day: a page of another store, and the store list, which does not show
//! dishes, are served as kept if the server tells what a change touches.
//! The rows `/stores/1` "while store 1 changes" ask for the changed store's
//! own page, made stale by each change for all who ask at once. The row
//! "while customer1 writes reviews" asks again for the store list while
//! customer1 reviews ten orders a second, completed at store 1 just before
//! the row: each review changes that store's stars in every customer's
//! list. The row "while owner1 pauses and resumes orders" asks again for
//! the store list while owner1 stops or starts store 1 taking orders, one
//! change a second unless told otherwise: each change shows on that
//! store's card in every customer's list.

use std::fmt::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::closed;
use crate::http::{Call, Conn, Target};
use crate::report::Cpu;
use crate::session::{self, form_encode};
use crate::tally::{ms, Measured};
use crate::work::{Op, Page};

pub const USAGE: &str = "\
usage: baedal-load pages --base URL [options]

Measures server-rendered pages per second against a running server with
demo data, beside the /healthz ceiling, and prints a Markdown report.

options:
  --base URL          the server, e.g. http://127.0.0.1:3300 (required)
  --seconds N         length of each step (default 5)
  --connections N     keep-alive connections per step (default 64)
  --store N           the store whose page is fetched (default 2; the rows
                      where store 1 changes need another)
  --password TEXT     the demo accounts' password (default the seed's)
  --customers N       customers signed up for the rows where many ask in
                      turn (default 2000; 0 leaves those rows out)
  --customers-accept-encoding TEXT
                      the Accept-Encoding those customers ask with (default
                      none), e.g. \"gzip, deflate, br, zstd\" as Chromium
  --changes-per-second N
                      how often owner1 sells a dish of store 1 out or back
                      in the rows \"while store 1 changes\" (default 10);
                      one connection, one change after another
  --pauses-per-second N
                      how many changes a second, a pause or a resume, owner1
                      makes of store 1 taking orders in the row \"while
                      owner1 pauses and resumes orders\" (default 1)
  --only TEXT         only the rows whose label holds TEXT, beside the
                      ceiling (e.g. \"rendered each time\"), for profiling
";

/// The password `server --demo` gives every demo account.
const DEMO_PASSWORD: &str = "baedal-demo-2026";

/// The store of owner1 in the demo data, changed while some rows run.
const CHANGED_STORE: u64 = 1;

/// How often customer1 writes a review in the row where they do.
const REVIEW_EVERY: Duration = Duration::from_millis(100);

pub struct Args {
    base: String,
    seconds: u64,
    connections: usize,
    store: u64,
    password: String,
    only: Option<String>,
    customers: usize,
    /// The `Accept-Encoding` of the customers asking in turn, if any.
    customers_accept_encoding: Option<&'static str>,
    /// How many times a second owner1 sells a dish of `CHANGED_STORE` out
    /// or back in the rows where that store changes.
    changes_per_second: u64,
    /// How many changes a second, a pause or a resume, owner1 makes of
    /// `CHANGED_STORE` taking orders in the row where they do.
    pauses_per_second: u64,
}

pub fn parse(mut words: impl Iterator<Item = String>) -> anyhow::Result<Args> {
    let mut args = Args {
        base: String::new(),
        seconds: 5,
        connections: 64,
        store: 2,
        password: DEMO_PASSWORD.to_owned(),
        only: None,
        customers: 2000,
        customers_accept_encoding: None,
        changes_per_second: 10,
        pauses_per_second: 1,
    };
    while let Some(flag) = words.next() {
        if matches!(flag.as_str(), "-h" | "--help") {
            bail!("{USAGE}");
        }
        let value = words
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .with_context(|| format!("{flag} takes a whole number, not {value}"))
        };
        match flag.as_str() {
            "--base" => args.base = value.clone(),
            "--seconds" => args.seconds = number()?,
            "--connections" => args.connections = usize::try_from(number()?)?,
            "--store" => args.store = number()?,
            "--password" => args.password = value.clone(),
            "--only" => args.only = Some(value.clone()),
            "--customers" => args.customers = usize::try_from(number()?)?,
            "--customers-accept-encoding" => {
                args.customers_accept_encoding = Some(String::leak(value.clone()));
            }
            "--changes-per-second" => args.changes_per_second = number()?,
            "--pauses-per-second" => args.pauses_per_second = number()?,
            _ => bail!("unknown option {flag}"),
        }
    }
    if args.base.is_empty() {
        bail!("--base is required");
    }
    let rates = [args.changes_per_second, args.pauses_per_second];
    if args.seconds == 0 || args.connections == 0 || rates.contains(&0) {
        bail!(
            "--seconds, --connections, --changes-per-second and --pauses-per-second \
             must be at least 1"
        );
    }
    Ok(args)
}

/// How long between two of `per_second` changes.
fn period(per_second: u64) -> Duration {
    let every = Duration::from_secs(1) / u32::try_from(per_second).unwrap_or(u32::MAX);
    // A period tokio's interval takes, however many are asked for.
    every.max(Duration::from_nanos(1))
}

/// One row of the report: a page, who asks for it, and how.
struct Step {
    what: String,
    op: Arc<Op>,
    /// What changes while the row runs.
    meanwhile: Meanwhile,
}

/// What changes while a row runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Meanwhile {
    Nothing,
    /// owner1 sells a dish of `CHANGED_STORE` out and back.
    SoldOut,
    /// customer1 reviews orders of theirs, completed before the row, which
    /// changes the stars of a store in every customer's list.
    Reviews,
    /// owner1 stops and starts `CHANGED_STORE` taking orders, which shows
    /// on its card in every customer's list.
    Pausing,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let wall = Instant::now();
    let cpu_at_start = Cpu::now()?;
    let target = Arc::new(Target::resolve(&args.base).await?);
    let customer = sign_in(&target, "customer1@baedal.demo", &args.password).await?;
    let owner = sign_in(&target, "owner1@baedal.demo", &args.password).await?;
    let store_path = format!("/stores/{}", args.store);
    let pages_for = |path: &str, marker: &str, cookies: &[String], encoding| {
        Arc::new(Op::Page(Page {
            path: path.to_owned(),
            marker: marker.to_owned(),
            cookies: cookies.to_vec(),
            accept_encoding: encoding,
            picked: AtomicUsize::new(0),
        }))
    };
    let page = |path: &str, marker: &str, cookie: Option<&String>, encoding| {
        pages_for(path, marker, cookie.cloned().as_slice(), encoding)
    };
    // What Chromium accepts; the server answers a kept page with brotli.
    let browsers = Some("gzip, deflate, br, zstd");
    // Markers that only the page itself renders, not the error page.
    let list = "class=\"store-list\"";
    let menu = "data-testid=\"store-header\"";
    let counter = "class=\"store-tabs\"";
    let wanted = |what: &str| {
        args.only
            .as_ref()
            .is_none_or(|only| what.contains(only.as_str()))
    };
    let mut steps: Vec<Step> = [
        ("`/` anonymous", page("/", list, None, None)),
        ("`/` customer", page("/", list, Some(&customer), None)),
        (
            "`/` anonymous, rendered each time",
            page("/?", list, None, None),
        ),
        (
            "`/` customer, rendered each time",
            page("/?", list, Some(&customer), None),
        ),
        (
            "`/stores/:id` anonymous",
            page(&store_path, menu, None, None),
        ),
        (
            "`/stores/:id` customer",
            page(&store_path, menu, Some(&customer), None),
        ),
        (
            "`/stores/:id` anonymous, rendered each time",
            page(&format!("{store_path}?"), menu, None, None),
        ),
        (
            "`/stores/:id` customer, rendered each time",
            page(&format!("{store_path}?"), menu, Some(&customer), None),
        ),
        (
            "`/` customer, compressed as a browser asks",
            page("/", list, Some(&customer), browsers),
        ),
        (
            "`/stores/:id` customer, compressed as a browser asks",
            page(&store_path, menu, Some(&customer), browsers),
        ),
        (
            "`/stores/:id` customer, gzip only",
            page(&store_path, menu, Some(&customer), Some("gzip")),
        ),
    ]
    .map(|(what, op)| Step {
        what: what.to_owned(),
        op,
        meanwhile: Meanwhile::Nothing,
    })
    .into_iter()
    .filter(|step| wanted(&step.what))
    .collect();

    // The changed store's own page while it changes: each change makes it
    // stale for all who ask at once.
    let changed_path = format!("/stores/{CHANGED_STORE}");
    let changes = format!("while store {CHANGED_STORE} changes");
    for (who, cookie) in [("anonymous", None), ("customer", Some(&customer))] {
        let what = format!("`{changed_path}` {who}, {changes}");
        if wanted(&what) {
            let op = page(&changed_path, menu, cookie, None);
            steps.push(Step {
                what,
                op,
                meanwhile: Meanwhile::SoldOut,
            });
        }
    }

    // Many customers in turn: the first row of each page holds every
    // customer's first view of it, rendered; the second asks again.
    let many = match args.customers_accept_encoding {
        Some(accepted) => format!("{} customers in turn, accepting {accepted}", args.customers),
        None => format!("{} customers in turn", args.customers),
    };
    let mut many_rows = vec![
        (format!("`/` {many}, first views"), "/", Meanwhile::Nothing),
        (
            format!("`/stores/:id` {many}, first views"),
            &*store_path,
            Meanwhile::Nothing,
        ),
        (format!("`/` {many}, again"), "/", Meanwhile::Nothing),
        (
            format!("`/stores/:id` {many}, again"),
            &store_path,
            Meanwhile::Nothing,
        ),
    ];
    if args.store != CHANGED_STORE {
        let what = format!("`/` {many}, again, {changes}");
        many_rows.push((what, "/", Meanwhile::SoldOut));
        let what = format!("`/stores/:id` {many}, again, {changes}");
        many_rows.push((what, &store_path, Meanwhile::SoldOut));
    }
    let what = format!("`/` {many}, again, while customer1 writes reviews");
    many_rows.push((what, "/", Meanwhile::Reviews));
    let what = format!("`/` {many}, again, while owner1 pauses and resumes orders");
    many_rows.push((what, "/", Meanwhile::Pausing));
    if args.customers > 0 && many_rows.iter().any(|(what, _, _)| wanted(what)) {
        eprintln!("… signing up {} customers", args.customers);
        let run_id = format!("pages-{}", std::process::id());
        let customers = session::sign_up(&target, &run_id, args.customers).await?;
        let accepted = args.customers_accept_encoding;
        let list_op = pages_for("/", list, &customers, accepted);
        let menu_op = pages_for(&store_path, menu, &customers, accepted);
        for (what, path, meanwhile) in many_rows {
            let op = if path == "/" { &list_op } else { &menu_op };
            // All run when any is asked for: without its first row, the
            // others would hold the first views.
            let op = Arc::clone(op);
            steps.push(Step {
                what,
                op,
                meanwhile,
            });
        }
    }
    if wanted("`/store` owner") {
        steps.push(Step {
            what: "`/store` owner".to_owned(),
            op: page("/store", counter, Some(&owner), None),
            meanwhile: Meanwhile::Nothing,
        });
    }
    if steps.is_empty() {
        bail!("no row's label holds {:?}", args.only.unwrap_or_default());
    }
    let healthz = Arc::new(Op::Healthz);
    let ceiling = |what: &str| Step {
        what: what.to_owned(),
        op: Arc::clone(&healthz),
        meanwhile: Meanwhile::Nothing,
    };
    steps.insert(0, ceiling("`GET /healthz`"));
    steps.push(ceiling("`GET /healthz` again"));

    let duration = Duration::from_secs(args.seconds);
    let mut rows = Vec::new();
    let mut changes_made = Changes::default();
    for step in &steps {
        eprintln!("… {}, {} connections", step.what, args.connections);
        let changer = match step.meanwhile {
            Meanwhile::Nothing => None,
            Meanwhile::SoldOut => Some(Changer::start(
                Arc::clone(&target),
                owner.clone(),
                period(args.changes_per_second),
            )),
            Meanwhile::Pausing => Some(Changer::pausing(
                Arc::clone(&target),
                owner.clone(),
                period(args.pauses_per_second),
            )),
            Meanwhile::Reviews => {
                let how_many = args.seconds * 1000 / REVIEW_EVERY.as_millis() as u64 + 1;
                eprintln!("… customer1 orders {how_many} times, and the orders are delivered");
                match completed_orders(&target, &customer, &owner, &args.password, how_many).await {
                    Ok(orders) => Some(Changer::reviews(
                        Arc::clone(&target),
                        customer.clone(),
                        orders,
                    )),
                    Err(error) => {
                        // A server that limits orders per session as a
                        // live one does (BAEDAL_ORDERS_PER_MINUTE) refuses.
                        eprintln!("… left out, orders to review could not be made: {error:#}");
                        continue;
                    }
                }
            }
        };
        let before = Cpu::now()?;
        let measured = closed::run(&target, &step.op, args.connections, duration, "p").await?;
        rows.push((step, measured, Cpu::now()?.since(before)));
        if let Some(changer) = changer {
            let made = changer.stop().await?;
            match step.meanwhile {
                Meanwhile::Reviews => changes_made.reviews += made,
                Meanwhile::Pausing => changes_made.pauses += made,
                _ => changes_made.sold_out += made,
            }
        }
    }
    print!(
        "{}",
        render(
            &args,
            &store_path,
            &rows,
            changes_made,
            Cpu::now()?.since(cpu_at_start),
            wall.elapsed()
        )
    );
    Ok(())
}

async fn sign_in(target: &Arc<Target>, email: &str, password: &str) -> anyhow::Result<String> {
    let mut conn = Conn::open(Arc::clone(target)).await?;
    let form = form_encode(&[("email", email), ("password", password)]);
    let answer = conn
        .call(Call::form("/api/sign_in", form))
        .await
        .with_context(|| format!("signing in {email}"))?;
    if !answer.status.is_success() {
        bail!("signing in {email}: HTTP {}", answer.status.as_u16());
    }
    answer
        .cookie_ending("baedal_session")
        .with_context(|| format!("signing in {email}: no baedal_session cookie"))
}

fn render(
    args: &Args,
    store_path: &str,
    rows: &[(&Step, Measured, Cpu)],
    changes_made: Changes,
    cpu: Cpu,
    wall: Duration,
) -> String {
    let ceiling = rows
        .iter()
        .filter(|(step, _, _)| matches!(*step.op, Op::Healthz))
        .map(|(_, measured, _)| measured.per_second())
        .fold(0.0, f64::max);
    let mut out = String::new();
    let _ = writeln!(out, "## Pages benchmark\n");
    let _ = writeln!(
        out,
        "Server `{}`; `/stores/:id` is `{store_path}`; {} connections, {} s per step; \
         `customer` is customer1 and `owner` is owner1 of the demo data.\n",
        args.base, args.connections, args.seconds
    );
    let _ = writeln!(
        out,
        "| page | per s | of ceiling | p50 ms | p99 ms | max ms | ok | failed | client CPU |"
    );
    let _ = writeln!(
        out,
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for (step, measured, step_cpu) in rows {
        let latency = &measured.tally.latency;
        let rate = measured.per_second();
        let (p50, p99, max) = if measured.tally.ok == 0 {
            ("–".into(), "–".into(), "–".into())
        } else {
            (
                format!("{:.1}", ms(latency, 0.5)),
                format!("{:.1}", ms(latency, 0.99)),
                format!("{:.1}", latency.max() as f64 / 1000.0),
            )
        };
        let cores = step_cpu.total().as_secs_f64() / measured.elapsed.as_secs_f64().max(1e-9);
        let share = if ceiling > 0.0 {
            format!("{:.1}%", 100.0 * rate / ceiling)
        } else {
            "–".into()
        };
        let failures: Vec<String> = measured
            .tally
            .failures
            .iter()
            .map(|(label, count)| format!("{label} × {count}"))
            .collect();
        let failed = if failures.is_empty() {
            "0".to_owned()
        } else {
            failures.join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | {rate:.0} | {share} | {p50} | {p99} | {max} | {} | {failed} | {cores:.2} cores |",
            step.what, measured.tally.ok,
        );
    }
    if changes_made.sold_out > 0 {
        let _ = writeln!(
            out,
            "\n- In the rows \"while store {CHANGED_STORE} changes\", owner1 sold a dish \
             of store {CHANGED_STORE} out or back {} times, {} a second asked for.",
            changes_made.sold_out, args.changes_per_second
        );
    }
    if rows
        .iter()
        .any(|(step, _, _)| step.meanwhile == Meanwhile::Reviews)
    {
        let _ = writeln!(
            out,
            "\n- In the row \"while customer1 writes reviews\", customer1 reviewed {} \
             orders completed at store {CHANGED_STORE} before it, one every {} ms.",
            changes_made.reviews,
            REVIEW_EVERY.as_millis()
        );
    }
    if changes_made.pauses > 0 {
        let _ = writeln!(
            out,
            "\n- In the row \"while owner1 pauses and resumes orders\", owner1 stopped \
             or started store {CHANGED_STORE} taking orders {} times, {} a second asked for.",
            changes_made.pauses, args.pauses_per_second
        );
    }
    let _ = writeln!(
        out,
        "\n- Ceiling (`GET /healthz`, the better of two): **{ceiling:.0} requests/s**.\n\
         - Generator CPU: {:.1} s user + {:.1} s system over {:.1} s.",
        cpu.user.as_secs_f64(),
        cpu.system.as_secs_f64(),
        wall.as_secs_f64(),
    );
    out
}

/// `how_many` orders of customer1 at `CHANGED_STORE`, accepted and cooked
/// by owner1, delivered by rider1 and confirmed: completed, to be reviewed.
async fn completed_orders(
    target: &Arc<Target>,
    customer: &str,
    owner: &str,
    password: &str,
    how_many: u64,
) -> anyhow::Result<Vec<i64>> {
    let rider = sign_in(target, "rider1@baedal.demo", password).await?;
    let mut conn = Conn::open(Arc::clone(target)).await?;
    let body = format!(r#"{{"store":{CHANGED_STORE}}}"#);
    let menu = conn.call_ok(owner, "/api/store_menu", body).await;
    let menu: serde_json::Value = serde_json::from_slice(&menu.map_err(anyhow::Error::msg)?)?;
    let dish = menu["items"][0]["id"]
        .as_i64()
        .context("store 1 has no dish to order")?;
    // Keys of their own in each run, against the same database too.
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis();
    let mut orders = Vec::new();
    for n in 0..how_many {
        let body = format!(
            r#"{{"request":{{"store":{CHANGED_STORE},"lines":[{{"item":{dish},"quantity":2}}],"address":null,"coupon":null}},"key":"pages-review-{run}-{n}"}}"#
        );
        let placed = conn.call_ok(customer, "/api/place_order", body).await;
        let order: i64 = String::from_utf8_lossy(&placed.map_err(anyhow::Error::msg)?)
            .trim()
            .parse()
            .context("place_order answers the order's id")?;
        let steps = [
            (owner, r#"{"type":"accept","prep_minutes":10}"#),
            (owner, r#"{"type":"start_cooking"}"#),
            (owner, r#"{"type":"finish_cooking"}"#),
            (&rider, r#"{"type":"claim"}"#),
            (&rider, r#"{"type":"pick_up"}"#),
            (&rider, r#"{"type":"deliver"}"#),
            (customer, r#"{"type":"confirm_receipt"}"#),
        ];
        for (cookie, command) in steps {
            let body = format!(r#"{{"order":{order},"command":{command}}}"#);
            conn.call_ok(cookie, "/api/order_command", body)
                .await
                .map_err(anyhow::Error::msg)?;
        }
        orders.push(order);
    }
    Ok(orders)
}

/// The changes made while the rows ran.
#[derive(Default)]
struct Changes {
    sold_out: u64,
    reviews: u64,
    pauses: u64,
}

/// Changes made while a row runs, one after another on one connection,
/// until stopped; each task answers how many it made.
struct Changer {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<anyhow::Result<u64>>,
}

impl Changer {
    /// Runs `changes` in a task of its own, told by the flag it is given
    /// when to stop.
    fn spawn<Changes, Made>(changes: Changes) -> Self
    where
        Changes: FnOnce(Arc<AtomicBool>) -> Made,
        Made: std::future::Future<Output = anyhow::Result<u64>> + Send + 'static,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let task = tokio::spawn(changes(Arc::clone(&stop)));
        Self { stop, task }
    }

    /// Sells a dish of `CHANGED_STORE` out and back every `change_every`
    /// (as fast as the changes are answered if that is sooner), as its
    /// owner, until stopped; it is left as it was found, on sale.
    fn start(target: Arc<Target>, owner: String, change_every: Duration) -> Self {
        Self::spawn(|stopped| async move {
            let mut conn = Conn::open(target).await?;
            let body = format!(r#"{{"store":{CHANGED_STORE}}}"#);
            let menu = conn
                .call_ok(&owner, "/api/store_menu", body)
                .await
                .map_err(anyhow::Error::msg)?;
            let menu: serde_json::Value = serde_json::from_slice(&menu)?;
            let dish = menu["items"][0]["id"]
                .as_i64()
                .context("store 1 has no dish to sell out")?;
            let mut made = 0;
            let mut ticks = tokio::time::interval(change_every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            while !stopped.load(Ordering::Acquire) {
                ticks.tick().await;
                let sold_out = made % 2 == 0;
                let body =
                    format!(r#"{{"store":{CHANGED_STORE},"item":{dish},"sold_out":{sold_out}}}"#);
                conn.call_ok(&owner, "/api/set_sold_out", body)
                    .await
                    .map_err(anyhow::Error::msg)?;
                made += 1;
            }
            let body = format!(r#"{{"store":{CHANGED_STORE},"item":{dish},"sold_out":false}}"#);
            conn.call_ok(&owner, "/api/set_sold_out", body)
                .await
                .map_err(anyhow::Error::msg)?;
            Ok(made)
        })
    }

    /// Stops or starts `CHANGED_STORE` taking orders every `change_every`,
    /// one change a period, as its owner, until stopped; it is left as it
    /// was found, also when a change fails. The other settings are sent
    /// back as the store's dashboard gives them.
    fn pausing(target: Arc<Target>, owner: String, change_every: Duration) -> Self {
        Self::spawn(|stopped| async move {
            let mut conn = Conn::open(target).await?;
            let body = format!(r#"{{"store":{CHANGED_STORE}}}"#);
            let dashboard = conn
                .call_ok(&owner, "/api/store_dashboard", body)
                .await
                .map_err(anyhow::Error::msg)?;
            let dashboard: serde_json::Value = serde_json::from_slice(&dashboard)?;
            let mut settings = dashboard["settings"].clone();
            let accepting = settings["accepting"]
                .as_bool()
                .context("the dashboard holds no settings")?;
            let mut made = 0;
            let mut ticks = tokio::time::interval(change_every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // Ends on an even count: as found.
            while !stopped.load(Ordering::Acquire) || made % 2 == 1 {
                ticks.tick().await;
                settings["accepting"] = serde_json::Value::Bool(accepting == (made % 2 == 1));
                let body = serde_json::json!({ "store": CHANGED_STORE, "settings": settings });
                if let Err(error) = conn
                    .call_ok(&owner, "/api/update_store", body.to_string())
                    .await
                {
                    // Left as found if the server still answers.
                    settings["accepting"] = serde_json::Value::Bool(accepting);
                    let body = serde_json::json!({ "store": CHANGED_STORE, "settings": settings });
                    let _ = conn
                        .call_ok(&owner, "/api/update_store", body.to_string())
                        .await;
                    bail!(error);
                }
                made += 1;
            }
            Ok(made)
        })
    }

    /// customer1 reviews `orders`, completed, one each `REVIEW_EVERY`,
    /// until stopped or none is left.
    fn reviews(target: Arc<Target>, customer: String, orders: Vec<i64>) -> Self {
        Self::spawn(|stopped| async move {
            let mut conn = Conn::open(target).await?;
            let mut made = 0;
            let mut ticks = tokio::time::interval(REVIEW_EVERY);
            for order in orders {
                ticks.tick().await;
                if stopped.load(Ordering::Acquire) {
                    break;
                }
                let body = format!(r#"{{"order":{order},"stars":{},"text":""}}"#, 1 + made % 5);
                conn.call_ok(&customer, "/api/write_review", body)
                    .await
                    .map_err(anyhow::Error::msg)?;
                made += 1;
            }
            Ok(made)
        })
    }

    /// Stops, and says how many changes were made.
    async fn stop(self) -> anyhow::Result<u64> {
        self.stop.store(true, Ordering::Release);
        self.task.await?
    }
}
