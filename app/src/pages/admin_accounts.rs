use leptos::prelude::*;

use crate::api::accounts::{audit_log, CreateAccount};
use crate::components::area_select::AreaSelect;
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_parts::clock_time;
use crate::i18n::{use_i18n, Msg};
use crate::model::{AccountForm, AuditAction, Role, StoreForm};

/// The operator creates riders' and store owners' accounts and reads the
/// audit log.
#[component]
pub fn AdminAccounts() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateAccount>::new();
    let audit = Resource::new(move || create.version().get(), |_| audit_log());
    view! {
        <h1>{move || i18n.t(Msg::CreateAccount)}</h1>
        <NewAccountForm create />
        <h2>{move || i18n.t(Msg::AuditLog)}</h2>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match audit.await {
                    Ok(entries) => view! {
                        <table class="inbox" data-testid="audit-log">
                            <tbody>
                                {entries
                                    .into_iter()
                                    .map(|entry| view! {
                                        <tr>
                                            <td>{clock_time(entry.at)}</td>
                                            <td>{move || i18n.t(audit_msg(entry.action))}</td>
                                            <td>{entry.actor.unwrap_or_default()}</td>
                                            <td>{entry.subject}</td>
                                            <td>{entry.client.unwrap_or_default()}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NewAccountForm(create: ServerAction<CreateAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let owner = RwSignal::new(false);
    let [email, name, password, address, store_name, category] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let area = RwSignal::new(domain::AREAS[0].id.to_owned());
    let field = move |label: Msg, value: RwSignal<String>, kind: &'static str| {
        view! {
            <label>
                {move || i18n.t(label)}
                <input
                    type=kind
                    required
                    prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))
                />
            </label>
        }
    };
    let submit = move || {
        let account = AccountForm {
            email: email.get_untracked(),
            name: name.get_untracked(),
            password: password.get_untracked(),
            area: area.get_untracked(),
            address: address.get_untracked(),
        };
        let (role, store) = if owner.get_untracked() {
            let store = StoreForm {
                name: store_name.get_untracked(),
                category: category.get_untracked(),
            };
            (Role::StoreOwner, Some(store))
        } else {
            (Role::Rider, None)
        };
        create.dispatch(CreateAccount {
            role,
            account,
            store,
        });
    };
    view! {
        <form class="card stack" on:submit=move |event| { event.prevent_default(); submit(); }>
            <div class="chips" role="group">
                <button type="button" class="chip" aria-pressed=move || (!owner.get()).to_string() on:click=move |_| owner.set(false)>
                    {move || i18n.t(Msg::RoleRider)}
                </button>
                <button type="button" class="chip" aria-pressed=move || owner.get().to_string() on:click=move |_| owner.set(true)>
                    {move || i18n.t(Msg::RoleStoreOwner)}
                </button>
            </div>
            {field(Msg::Email, email, "email")}
            {field(Msg::Name, name, "text")}
            {field(Msg::Password, password, "password")}
            <AreaSelect name="area" value=area />
            {field(Msg::Address, address, "text")}
            <Show when=move || owner.get()>
                {field(Msg::StoreName, store_name, "text")}
                {field(Msg::Category, category, "text")}
            </Show>
            <button type="submit" class="primary" disabled=move || create.pending().get()>
                {move || i18n.t(Msg::CreateAccount)}
            </button>
            {move || create.value().get().map(|outcome| match outcome {
                Ok(_) => view! { <p class="notice success" role="status">{move || i18n.t(Msg::AccountCreated)}</p> }.into_any(),
                Err(error) => view! { <ErrorNote error /> }.into_any(),
            })}
        </form>
    }
}

fn audit_msg(action: AuditAction) -> Msg {
    match action {
        AuditAction::SignIn => Msg::AuditSignIn,
        AuditAction::SignInFailed => Msg::AuditSignInFailed,
        AuditAction::SignUp => Msg::AuditSignUp,
        AuditAction::SignOut => Msg::AuditSignOut,
        AuditAction::SignOutEverywhere => Msg::SignOutEverywhere,
        AuditAction::AccountCreated => Msg::AccountCreated,
        AuditAction::NotificationRetried => Msg::AuditRetried,
    }
}
