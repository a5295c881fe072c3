use domain::AddressId;
use leptos::prelude::*;

use crate::api::accounts::{delete_address, my_profile};
use crate::components::confirm::Confirm;
use crate::components::layout::{ErrorNote, Loading};
use crate::error::AppError;
use crate::i18n::{grade_msg, use_i18n, Msg};
use crate::model::{Profile, SavedAddress};
use crate::pages::customer::address_form::AddressForm;

/// The customer's profile, made by the page itself: server functions need
/// the page's context when it renders on the server, which a resource made
/// inside a `Suspend` does not have.
pub fn profile_resource() -> Resource<Result<Profile, AppError>> {
    Resource::new(|| (), |_| my_profile())
}

/// A customer's grade and how far the next one is, and their saved
/// delivery addresses.
#[component]
pub fn CustomerProfile(profile: Resource<Result<Profile, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let changed = move || profile.refetch();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! { <GradeCard profile=profile.clone() /> <Addresses saved=profile.addresses on_changed=changed /> }.into_any(),
                    Err(error) => view! {
                        <ErrorNote error />
                        <button class="secondary" on:click=move |_| profile.refetch()>{move || i18n.t(Msg::Retry)}</button>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn GradeCard(profile: Profile) -> impl IntoView {
    let i18n = use_i18n();
    let Profile {
        grade,
        completed_orders,
        next_grade_at,
        ..
    } = profile;
    let next_grade = match grade {
        domain::Grade::Regular => Some(domain::Grade::Loyal),
        domain::Grade::Loyal => Some(domain::Grade::Vip),
        domain::Grade::Vip => None,
    };
    let to_next = next_grade
        .zip(next_grade_at)
        .map(|(next, at)| (next, at.saturating_sub(completed_orders)));
    view! {
        <section class="card narrow grade-card" data-testid="grade" data-grade=grade.as_str()>
            <h2>{move || i18n.t(Msg::Grade)}": "<strong class="grade">{move || i18n.t(grade_msg(grade))}</strong></h2>
            <p>{move || i18n.t(Msg::CompletedOrders)}": "<span data-testid="completed-orders">{completed_orders}</span></p>
            <p class="muted" data-testid="next-grade">
                {move || match to_next {
                    Some((next, left)) => i18n.fill(Msg::ToNextGrade, &[&left.to_string(), i18n.t(grade_msg(next))]),
                    None => i18n.t(Msg::TopGrade).to_owned(),
                }}
            </p>
        </section>
    }
}

#[component]
fn Addresses<Changed>(saved: Vec<SavedAddress>, on_changed: Changed) -> impl IntoView
where
    Changed: Fn() + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <section class="card narrow addresses" data-testid="addresses">
            <h2>{move || i18n.t(Msg::SavedAddresses)}</h2>
            {if saved.is_empty() {
                view! { <p class="muted">{move || i18n.t(Msg::NoSavedAddresses)}</p> }.into_any()
            } else {
                view! {
                    <ul class="address-list">
                        {saved.into_iter().map(|address| view! { <AddressRow address on_deleted=on_changed /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <AddressForm on_saved=on_changed />
        </section>
    }
}

#[component]
fn AddressRow<Deleted>(address: SavedAddress, on_deleted: Deleted) -> impl IntoView
where
    Deleted: Fn() + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let id: AddressId = address.id;
    let delete = Action::new(move |_: &()| delete_address(id));
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            on_deleted();
        }
    });
    let label = StoredValue::new(address.label.clone());
    view! {
        <li class="address-row" data-testid=format!("address-{id}")>
            <span><strong>{address.label.clone()}</strong>" · "{address.place.address.clone()}</span>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button
                        class="link"
                        aria-label=move || label.with_value(|l| i18n.fill(Msg::DeleteNamed, &[l]))
                        on:click=move |_| confirming.set(true)
                    >
                        {move || i18n.t(Msg::Delete)}
                    </button>
                }
            >
                <Confirm
                    label=Msg::ConfirmDeleteAddress
                    question=Msg::ConfirmDeleteAddress
                    yes=Msg::YesDelete
                    no=Msg::Keep
                    yes_class="danger"
                    busy=delete.pending()
                    on_yes=move || { delete.dispatch(()); }
                    on_no=move || confirming.set(false)
                />
            </Show>
            {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error /> })}
        </li>
    }
}
