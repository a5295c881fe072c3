//! Where the rider carrying an order is: a small map drawn as SVG from the
//! three positions that matter (store, rider, customer), with no map tiles
//! from anywhere, and the estimated arrival.

use domain::{Coordinates, OrderId};
use leptos::prelude::*;

use crate::api::rider::rider_position;
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::RiderSpot;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 200.0;
const MARGIN: f64 = 24.0;

/// The rider's position for an order that is on its way, refreshed each time
/// the rider reports moving.
#[component]
pub fn RiderMap(order: OrderId, store: Coordinates, customer: Coordinates) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let spot = Resource::new(
        move || live.rider_moved.get(),
        move |_| rider_position(order),
    );
    view! {
        <Transition>
            {move || Suspend::new(async move {
                spot.await.ok().flatten().map(|spot| view! {
                    <figure class="rider-map" data-testid="rider-map">
                        <Map spot store customer />
                        <figcaption data-testid="rider-eta">
                            {move || format!(
                                "{} {} · {}",
                                spot.eta_minutes,
                                i18n.t(Msg::MinutesAway),
                                i18n.lang().distance(spot.to_customer_m),
                            )}
                        </figcaption>
                    </figure>
                })
            })}
        </Transition>
    }
}

/// Projects positions onto the drawing, north up, one scale for both axes.
struct Projection {
    west: f64,
    north: f64,
    scale: f64,
    lon_factor: f64,
}

impl Projection {
    fn fitting(points: &[Coordinates]) -> Projection {
        let lats = points.iter().map(|p| p.lat());
        let lons = points.iter().map(|p| p.lon());
        let (south, north) = lats.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (west, east) = lons.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let lon_factor = ((south + north) / 2.0).to_radians().cos();
        let span_x = ((east - west) * lon_factor).max(1e-4);
        let span_y = (north - south).max(1e-4);
        let scale = ((WIDTH - 2.0 * MARGIN) / span_x).min((HEIGHT - 2.0 * MARGIN) / span_y);
        Projection {
            west,
            north,
            scale,
            lon_factor,
        }
    }

    fn xy(&self, at: Coordinates) -> (f64, f64) {
        (
            MARGIN + (at.lon() - self.west) * self.lon_factor * self.scale,
            MARGIN + (self.north - at.lat()) * self.scale,
        )
    }
}

#[component]
fn Map(spot: RiderSpot, store: Coordinates, customer: Coordinates) -> impl IntoView {
    let i18n = use_i18n();
    let projection = Projection::fitting(&[store, customer, spot.position]);
    let (sx, sy) = projection.xy(store);
    let (cx, cy) = projection.xy(customer);
    let (rx, ry) = projection.xy(spot.position);
    view! {
        <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=move || i18n.t(Msg::RiderOnTheWay)>
            <rect class="map-ground" width=WIDTH height=HEIGHT rx="12" />
            <line class="map-route" x1=sx y1=sy x2=cx y2=cy />
            <circle class="map-store" cx=sx cy=sy r="9" />
            <text x=sx y=sy - 14.0 text-anchor="middle">{move || i18n.t(Msg::Store)}</text>
            <circle class="map-home" cx=cx cy=cy r="9" />
            <text x=cx y=cy - 14.0 text-anchor="middle">{move || i18n.t(Msg::You)}</text>
            <circle
                class="map-rider"
                data-testid="rider-marker"
                data-lat=spot.position.lat()
                data-lon=spot.position.lon()
                cx=rx
                cy=ry
                r="11"
            />
            <text x=rx y=ry + 26.0 text-anchor="middle">{move || i18n.t(Msg::Rider)}</text>
        </svg>
    }
}
