use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::accounts::{demo_accounts, SignIn};
use crate::components::layout::{go_to, ErrorNote};
use crate::i18n::{use_i18n, Msg};
use crate::model::{DemoAccount, Role};

/// Sign in with a password, or, in demo mode, with one tap.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = ServerAction::<SignIn>::new();
    let demo = Resource::new(|| (), |_| demo_accounts());
    Effect::new(move |_| {
        if let Some(Ok(account)) = sign_in.value().get() {
            go_to(account.role.home_path());
        }
    });
    let failure = move || sign_in.value().get().and_then(Result::err);
    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(Msg::SignIn)}</h1>
            <ActionForm action=sign_in attr:class="stack">
                <label>
                    {move || i18n.t(Msg::Email)}
                    <input type="email" name="email" required autocomplete="username" />
                </label>
                <label>
                    {move || i18n.t(Msg::Password)}
                    <input type="password" name="password" required autocomplete="current-password" />
                </label>
                <button type="submit" class="primary" disabled=move || sign_in.pending().get()>
                    {move || i18n.t(Msg::SignIn)}
                </button>
            </ActionForm>
            {move || failure().map(|error| view! { <ErrorNote error /> })}
            <p class="muted">
                {move || i18n.t(Msg::NoAccount)}" "
                <A href="/signup">{move || i18n.t(Msg::SignUp)}</A>
            </p>
        </section>
        <Suspense>
            {move || Suspend::new(async move {
                let accounts = demo.await.unwrap_or_default();
                (!accounts.is_empty()).then(|| view! { <DemoAccounts accounts sign_in /> })
            })}
        </Suspense>
    }
}

#[component]
fn DemoAccounts(accounts: Vec<DemoAccount>, sign_in: ServerAction<SignIn>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card narrow">
            <h2>{move || i18n.t(Msg::DemoAccounts)}</h2>
            <p class="muted">{move || i18n.t(Msg::DemoHint)}</p>
            <div class="demo-grid">
                {accounts
                    .into_iter()
                    .map(|account| {
                        let role = role_msg(account.role);
                        let testid = format!("demo-{}", account.email);
                        let credentials = SignIn {
                            email: account.email.clone(),
                            password: account.password.clone(),
                        };
                        view! {
                            <button
                                class="demo"
                                data-testid=testid
                                disabled=move || sign_in.pending().get()
                                on:click=move |_| {
                                    sign_in.dispatch(credentials.clone());
                                }
                            >
                                <strong>{account.name}</strong>
                                <span class="muted">{move || i18n.t(role)}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

/// The name of a role.
pub fn role_msg(role: Role) -> Msg {
    match role {
        Role::Customer => Msg::RoleCustomer,
        Role::StoreOwner => Msg::RoleStoreOwner,
        Role::Rider => Msg::RoleRider,
        Role::Operator => Msg::RoleOperator,
    }
}
