use domain::{Actor, OrderId};
use leptos::prelude::*;

use crate::components::order_control::OrderControl;
use crate::model::OrderView;

/// One order on the counter.
#[derive(Clone)]
pub struct Entry {
    /// The order as first seen: its dishes, note and customer do not change.
    pub view: OrderView,
    /// The order now, as the server last said or as a tap made it.
    pub control: OrderControl,
    /// The rider who took it, once one has.
    pub rider: RwSignal<Option<String>>,
    // Owns the signals above: they go when the order leaves the counter.
    _owner: Owner,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.id() == other.id() && self.control.order == other.control.order
    }
}

impl Entry {
    /// A new order, its signals owned by a child of `parent`.
    pub(super) fn new(parent: &Owner, view: OrderView) -> Entry {
        let owner = parent.child();
        let (control, rider) = owner.with(|| {
            let actor = Some(Actor::Store(view.order.store));
            (
                OrderControl::new(view.order.clone(), actor),
                RwSignal::new(view.rider_name.clone()),
            )
        });
        Entry {
            view,
            control,
            rider,
            _owner: owner,
        }
    }

    pub fn id(&self) -> OrderId {
        self.view.order.id
    }

    /// Takes the server's latest word, unless a tap is on its way or the
    /// word is older than what the screen has.
    pub(super) fn update(&self, view: OrderView) {
        if self.rider.get_untracked() != view.rider_name {
            self.rider.set(view.rider_name.clone());
        }
        let shown = self.control.order.get_untracked();
        if self.control.busy.get_untracked()
            || view.order.updated_at < shown.updated_at
            || view.order == shown
        {
            return;
        }
        if view.order.status != shown.status {
            self.control.error.set(None);
        }
        self.control.order.set(view.order);
    }
}
