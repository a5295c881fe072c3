use leptos::prelude::*;

use crate::api::accounts::SignOutEverywhere;
use crate::components::confirm::Confirm;
use crate::components::layout::{go_to, ErrorNote, Loading};
use crate::i18n::{use_i18n, Msg};
use crate::model::Role;
use crate::pages::customer::{profile_resource, CustomerProfile};
use crate::pages::sign_in::role_msg;
use crate::AccountResource;

/// The signed-in account: who it is, signing out on every device, and for a
/// customer their grade and delivery addresses.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = expect_context::<AccountResource>();
    let profile = profile_resource();
    view! {
        <h1>{move || i18n.t(Msg::Account)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(account)) => {
                        let customer = account.role == Role::Customer;
                        view! {
                            <section class="card narrow">
                                <p><strong>{account.name}</strong></p>
                                <p class="muted">{account.email}" · "{move || i18n.t(role_msg(account.role))}</p>
                                {account.home.map(|home| view! { <p class="muted">{move || i18n.t(Msg::HomeAddress)}": "{home.address}</p> })}
                                <SignOutEverywhereButton />
                            </section>
                            {customer.then(|| view! { <CustomerProfile profile /> })}
                        }
                        .into_any()
                    }
                    Ok(None) => view! { <ErrorNote error=crate::error::AppError::Unauthenticated /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Ends every session of the account, after a confirmation.
#[component]
fn SignOutEverywhereButton() -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let sign_out = ServerAction::<SignOutEverywhere>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = sign_out.value().get() {
            go_to("/signin");
        }
    });
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button class="secondary" on:click=move |_| confirming.set(true)>
                    {move || i18n.t(Msg::SignOutEverywhere)}
                </button>
            }
        >
            <Confirm
                label=Msg::SignOutEverywhere
                question=Msg::ConfirmSignOutEverywhere
                yes=Msg::YesSignOutEverywhere
                no=Msg::Back
                yes_class="primary"
                busy=sign_out.pending()
                on_yes=move || {
                    sign_out.dispatch(SignOutEverywhere {});
                }
                on_no=move || confirming.set(false)
            />
        </Show>
        {move || sign_out.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error /> })}
    }
}
