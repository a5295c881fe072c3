//! The words of each message, in Korean and English.

use app::lang::Lang;
use domain::{CouponTerms, Discount, OrderId};

use super::{Message, Subject};

/// The text of `message` about `subject` from `store`, in `lang`.
pub fn render(message: Message, lang: Lang, subject: &Subject, store: &str) -> String {
    match subject {
        Subject::Order(order) => about_order(message, lang, *order, store),
        Subject::Coupon { terms, code, .. } => about_coupon(lang, terms, code, store),
    }
}

/// A coupon's announcement to the store's past customers.
fn about_coupon(lang: Lang, terms: &CouponTerms, code: &str, store: &str) -> String {
    let until = terms.expires_at.in_korea();
    match lang {
        Lang::Ko => {
            let discount = match terms.discount {
                Discount::Percent { percent } => format!("{percent}%"),
                Discount::Fixed { amount } => amount.format_ko(),
            };
            format!(
                "[배달] {store}에서 {discount} 할인 쿠폰을 드려요. {} 이상 주문 시 {}월 {}일까지 쓸 수 있어요. 쿠폰 코드: {code}",
                terms.min_order.format_ko(),
                until.month,
                until.day
            )
        }
        Lang::En => {
            let discount = match terms.discount {
                Discount::Percent { percent } => format!("{percent}%"),
                Discount::Fixed { amount } => amount.format_en(),
            };
            format!(
                "[Baedal] {store} has a {discount} off coupon for you, on orders of {} or more until {} {}. Code: {code}",
                terms.min_order.format_en(),
                until.day,
                month_abbreviation(until.month)
            )
        }
    }
}

/// An English month's short name, 1 to 12.
fn month_abbreviation(month: u8) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS[usize::from(month.clamp(1, 12) - 1)]
}

fn about_order(message: Message, lang: Lang, order: OrderId, store: &str) -> String {
    match lang {
        Lang::Ko => match message {
            Message::OrderReceived => {
                format!("[배달] {store} 주문 #{order}이(가) 결제되어 가게로 전달되었습니다.")
            }
            Message::NewOrder => format!("[배달] 새 주문 #{order}이(가) 들어왔습니다."),
            Message::Accepted => format!("[배달] {store}에서 주문 #{order}을(를) 접수했습니다."),
            Message::Rejected => {
                format!("[배달] {store}에서 주문 #{order}을(를) 거절했습니다. 결제는 취소됩니다.")
            }
            Message::CookingStarted => {
                format!("[배달] {store}에서 주문 #{order} 조리를 시작했습니다.")
            }
            Message::Delayed => format!("[배달] {store}의 주문 #{order} 준비 시간이 늦어집니다."),
            Message::ReadyForPickup => {
                format!("[배달] 주문 #{order} 조리가 끝나 라이더를 기다리고 있습니다.")
            }
            Message::DeliveryOffered => {
                format!("[배달] 근처 {store}에서 픽업할 배달 #{order}이(가) 있습니다.")
            }
            Message::RiderAssigned => format!("[배달] 주문 #{order}에 라이더가 배정되었습니다."),
            Message::PickedUp => {
                format!("[배달] 라이더가 주문 #{order}을(를) 픽업해 출발했습니다.")
            }
            Message::Delivered => {
                format!("[배달] 주문 #{order}이(가) 도착했습니다. 맛있게 드세요!")
            }
            Message::Completed => format!("[배달] 주문 #{order}이(가) 완료되었습니다. 감사합니다."),
            Message::Cancelled => {
                format!("[배달] 주문 #{order}이(가) 취소되었습니다. 결제도 취소됩니다.")
            }
            Message::OrderCancelled => format!("[배달] 고객이 주문 #{order}을(를) 취소했습니다."),
            Message::CouponIssued => format!("[배달] {store}에서 쿠폰을 드려요."),
            Message::PaymentExpired => {
                format!("[배달] 결제되지 않아 주문 #{order}이(가) 취소되었습니다.")
            }
            Message::PaymentBusy => format!(
                "[배달] 결제가 지연되어 주문 #{order} 결제를 잠시 후 다시 시도합니다. 주문은 그대로 접수되어 있어요."
            ),
            Message::GradeLoyal => "[배달] 축하해요! 등급이 단골로 올랐어요.".to_owned(),
            Message::GradeVip => "[배달] 축하해요! 등급이 VIP로 올랐어요.".to_owned(),
        },
        Lang::En => match message {
            Message::OrderReceived => {
                format!("[Baedal] Order #{order} from {store} is paid and on its way to the store.")
            }
            Message::NewOrder => format!("[Baedal] New order #{order}."),
            Message::Accepted => format!("[Baedal] {store} accepted order #{order}."),
            Message::Rejected => {
                format!("[Baedal] {store} rejected order #{order}. Your payment is cancelled.")
            }
            Message::CookingStarted => format!("[Baedal] {store} started cooking order #{order}."),
            Message::Delayed => {
                format!("[Baedal] Order #{order} from {store} will take a little longer.")
            }
            Message::ReadyForPickup => {
                format!("[Baedal] Order #{order} is cooked and waiting for a rider.")
            }
            Message::DeliveryOffered => {
                format!("[Baedal] Delivery #{order} is ready for pickup at {store} near you.")
            }
            Message::RiderAssigned => format!("[Baedal] A rider is assigned to order #{order}."),
            Message::PickedUp => {
                format!("[Baedal] Your rider picked up order #{order} and is on the way.")
            }
            Message::Delivered => format!("[Baedal] Order #{order} has arrived. Enjoy!"),
            Message::Completed => format!("[Baedal] Order #{order} is complete. Thank you."),
            Message::Cancelled => {
                format!("[Baedal] Order #{order} is cancelled, and so is its payment.")
            }
            Message::OrderCancelled => format!("[Baedal] The customer cancelled order #{order}."),
            Message::CouponIssued => format!("[Baedal] {store} has a coupon for you."),
            Message::PaymentExpired => {
                format!("[Baedal] Order #{order} was cancelled because it was not paid.")
            }
            Message::PaymentBusy => format!(
                "[Baedal] Payment for order #{order} is busy; we will retry shortly. Your order is kept."
            ),
            Message::GradeLoyal => "[Baedal] Congratulations! You are now a regular.".to_owned(),
            Message::GradeVip => "[Baedal] Congratulations! You are now a VIP.".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use domain::{Money, Timestamp};

    use super::*;

    #[test]
    fn a_coupon_runs_until_a_day_in_korea() {
        // 2026-11-30 15:00 UTC is already 1 December in Korea.
        let terms = CouponTerms {
            discount: Discount::Percent { percent: 10 },
            min_order: Money::won(15_000).unwrap(),
            expires_at: Timestamp::from_millis(1_796_050_800_000),
            quantity: 100,
        };
        let ko = about_coupon(Lang::Ko, &terms, "ABCD1234", "홍대 할매 김치찌개");
        assert!(ko.contains("12월 1일까지"), "{ko}");
        let en = about_coupon(Lang::En, &terms, "ABCD1234", "홍대 할매 김치찌개");
        assert!(en.contains("until 1 Dec."), "{en}");
    }
}
