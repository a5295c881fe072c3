use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::accounts::SignUp;
use crate::components::area_select::AreaSelect;
use crate::components::layout::{go_to, ErrorNote};
use crate::i18n::{use_i18n, Msg};

/// A customer creates an account: the form also works before the page's
/// script has loaded.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_up = ServerAction::<SignUp>::new();
    Effect::new(move |_| {
        if let Some(Ok(account)) = sign_up.value().get() {
            go_to(account.role.home_path());
        }
    });
    let failure = move || sign_up.value().get().and_then(Result::err);
    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(Msg::SignUp)}</h1>
            <ActionForm action=sign_up attr:class="stack">
                <label>
                    {move || i18n.t(Msg::Email)}
                    <input type="email" name="email" required maxlength="254" autocomplete="email" />
                </label>
                <label>
                    {move || i18n.t(Msg::Name)}
                    <input type="text" name="name" required maxlength="40" autocomplete="name" />
                </label>
                <label>
                    {move || i18n.t(Msg::Password)}
                    <input type="password" name="password" required minlength="12" maxlength="128" autocomplete="new-password" />
                    <span class="muted">{move || i18n.t(Msg::PasswordRule)}</span>
                </label>
                <AreaSelect name="area" />
                <label>
                    {move || i18n.t(Msg::DeliveryAddress)}
                    <input type="text" name="address" required maxlength="100" autocomplete="street-address" />
                </label>
                <button type="submit" class="primary" disabled=move || sign_up.pending().get()>
                    {move || i18n.t(Msg::SignUp)}
                </button>
            </ActionForm>
            {move || failure().map(|error| view! { <ErrorNote error /> })}
            <p class="muted">
                {move || i18n.t(Msg::HaveAccount)}" "
                <A href="/signin">{move || i18n.t(Msg::SignIn)}</A>
            </p>
        </section>
    }
}
