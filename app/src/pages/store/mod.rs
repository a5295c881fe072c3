//! The store owner's tablet app at `/store`: the counter with its kitchen
//! queue and new-order alerts, the menu, the settings and the dashboard.

mod alert_banner;
mod alerts;
mod card_actions;
mod chart;
mod counter;
mod coupon;
mod dashboard;
mod dish_draft;
mod dish_editor;
mod entry;
mod feed;
mod figures;
mod group_editor;
mod menu;
mod order_card;
mod picker;
mod queue;
mod review_replies;
mod settings;
mod settings_form;
mod shell;
mod timing;

use counter::StoreCounter;
use dashboard::StoreDashboardPage;
use menu::StoreMenuPage;
use settings::StoreSettingsPage;
pub use shell::StoreApp;
