//! Every user-facing string, in Korean and English. A key without both
//! texts does not compile.

use domain::{CommandKind, CouponProblem, DomainError, Grade, OrderStatus};
use leptos::prelude::*;

use crate::error::{AppError, Field};
use crate::lang::Lang;

macro_rules! messages {
    ($($key:ident => $ko:literal, $en:literal;)*) => {
        /// A message key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        impl Msg {
            /// The text in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Ko) => $ko, (Msg::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    Brand => "배달", "Baedal";
    Tagline => "동네 맛집을 문 앞까지", "Your neighbourhood's kitchens, at your door";
    SignIn => "로그인", "Sign in";
    SignOut => "로그아웃", "Sign out";
    Email => "이메일", "Email";
    Password => "비밀번호", "Password";
    DemoAccounts => "데모 계정으로 바로 시작", "Try a demo account";
    DemoHint => "한 번 누르면 해당 역할로 로그인합니다.", "One tap signs you in with that role.";
    RoleCustomer => "고객", "Customer";
    RoleStoreOwner => "사장님", "Store owner";
    RoleRider => "라이더", "Rider";
    RoleOperator => "운영자", "Operator";
    Loading => "불러오는 중…", "Loading…";
    Retry => "다시 시도", "Try again";
    NotFoundPage => "페이지를 찾을 수 없습니다.", "This page does not exist.";
    Offline => "연결이 끊겼습니다. 다시 연결하는 중…", "Connection lost. Reconnecting…";
    StoresNear => "가까운 가게", "Stores near you";
    StoresAll => "모든 가게", "All stores";
    NoStores => "아직 주문할 수 있는 가게가 없습니다.", "No stores are taking orders yet.";
    Away => "거리", "away";
    Add => "담기", "Add";
    Remove => "빼기", "Remove";
    Cart => "장바구니", "Cart";
    CartEmpty => "장바구니가 비어 있습니다. 메뉴를 담아 주세요.", "Your cart is empty. Add a dish from the menu.";
    PlaceOrder => "주문하고 결제하기", "Order and pay";
    Placing => "주문하는 중…", "Placing your order…";
    Total => "합계", "Total";
    DeliverTo => "배달 주소", "Deliver to";
    SignInToOrder => "주문하려면 고객 계정으로 로그인하세요.", "Sign in as a customer to order.";
    MenuEmpty => "이 가게는 아직 메뉴가 없습니다.", "This store has no dishes yet.";
    MyOrders => "주문 내역", "My orders";
    NoOrders => "아직 주문이 없습니다.", "You have no orders yet.";
    BrowseStores => "가게 둘러보기", "Browse stores";
    Order => "주문", "Order";
    Items => "주문 메뉴", "Items";
    History => "진행 기록", "History";
    CancelOrder => "주문 취소", "Cancel order";
    ConfirmCancel => "정말 주문을 취소할까요? 결제도 함께 취소됩니다.", "Cancel this order? The payment is cancelled too.";
    YesCancel => "네, 취소합니다", "Yes, cancel it";
    Keep => "아니요", "No, keep it";
    ConfirmReceipt => "잘 받았어요", "I got my food";
    ReadyBy => "준비 완료 예상", "Ready by";
    RejectedBecause => "가게가 주문을 거절했습니다. 사유:", "The store rejected the order. Reason:";
    ThankYou => "주문이 완료되었습니다. 감사합니다!", "All done. Thank you!";
    Rider => "라이더", "Rider";
    StoreApp => "가게 주문 접수", "Store counter";
    NoStoreOrders => "진행 중인 주문이 없습니다. 새 주문이 오면 바로 보입니다.", "No orders right now. New ones appear here at once.";
    Accept => "접수", "Accept";
    Minutes => "분", "min";
    Reject => "거절", "Reject";
    RejectReason => "거절 사유", "Reason for rejecting";
    ReasonSoldOut => "재료가 소진되었습니다", "Sold out";
    ReasonBusy => "주문이 너무 많습니다", "Too busy right now";
    ReasonClosing => "곧 영업을 마감합니다", "Closing soon";
    ConfirmReject => "거절하기", "Reject order";
    StartCooking => "조리 시작", "Start cooking";
    FinishCooking => "조리 완료", "Cooking done";
    Customer => "고객", "Customer";
    RiderApp => "배달 현황", "Deliveries";
    Offered => "픽업 대기 중인 배달", "Ready for pickup";
    NoOffered => "지금은 픽업할 배달이 없습니다.", "Nothing to pick up right now.";
    MyDeliveries => "내 배달", "My deliveries";
    NoMyDeliveries => "진행 중인 배달이 없습니다.", "You have no delivery in progress.";
    Claim => "배달 잡기", "Take this delivery";
    PickedUp => "픽업 완료", "Picked up";
    Delivered => "배달 완료", "Delivered";
    ToStore => "가게까지", "to the store";
    StoreToCustomer => "가게→고객", "store to customer";
    Language => "언어", "Language";
    Working => "처리 중…", "Working…";
    Notifications => "알림", "Notifications";
    NoNotifications => "아직 알림이 없습니다.", "No notifications yet.";
    ProviderInbox => "알림톡·문자 수신함", "KakaoTalk and SMS inbox";
    Dismiss => "닫기", "Dismiss";
    IssueCoupon => "쿠폰 발행", "Issue a coupon";
    CouponPercent => "정률 할인(%)", "Percent off";
    CouponFixed => "정액 할인(원)", "Amount off (₩)";
    CouponDiscount => "할인", "Discount";
    MinOrder => "최소 주문 금액(원)", "Minimum order (₩)";
    ValidDays => "유효 기간(일)", "Valid for (days)";
    CouponQuantity => "수량", "Quantity";
    ConfirmCoupon => "이 가게에서 음식을 받아 본 고객 모두에게 쿠폰 알림이 갑니다. 발행한 쿠폰은 취소할 수 없습니다.", "Every customer who has received food from this store will be told. An issued coupon cannot be withdrawn.";
    YesIssue => "발행하기", "Issue it";
    Back => "돌아가기", "Back";
    CouponSent => "쿠폰을 발행했습니다. 알림을 받은 고객 수:", "Coupon issued. Customers told:";
    PushHint => "앱을 닫아 두어도 주문 소식을 휴대폰 알림으로 받을 수 있어요.", "Get order updates as phone notifications, even with the app closed.";
    PushTurnOn => "푸시 알림 켜기", "Turn on push notifications";
    PushTurnOff => "푸시 알림 끄기", "Turn off push notifications";
    PushIsOn => "이 기기에서 푸시 알림을 받고 있습니다.", "Push notifications are on for this device.";
    PushDenied => "브라우저에서 알림이 차단되어 있습니다. 사이트 설정에서 알림을 허용해 주세요.", "Notifications are blocked for this site. Allow them in the browser's site settings.";
    PushFailed => "푸시 알림을 켜지 못했습니다. 잠시 후 다시 시도해 주세요.", "Push notifications could not be turned on. Please try again shortly.";
    PushUnsupported => "이 브라우저는 푸시 알림을 지원하지 않습니다.", "This browser does not support push notifications.";
    Ranking => "인기 메뉴", "Most ordered";
    RankingPeriod => "기간", "Period";
    LastSevenDays => "최근 7일", "Last 7 days";
    AllTime => "전체 기간", "All time";
    Neighbourhood => "동네", "Neighbourhood";
    Everywhere => "전체", "Everywhere";
    NoRanking => "아직 배달된 메뉴가 없습니다.", "No dishes delivered yet.";
    Today => "오늘", "Today";
    PaidOrders => "주문", "Orders";
    Revenue => "매출", "Revenue";
    CancelledOrRejected => "취소·거절", "Cancelled or rejected";
    AveragePrep => "평균 조리", "Average prep";
    DeadLetters => "전달 실패 알림", "Undelivered notifications";
    NoDeadLetters => "전달에 실패한 알림이 없습니다.", "Every notification was delivered.";
    Attempts => "시도", "attempts";
    RetryDelivery => "다시 보내기", "Send again";
    StatusPendingPayment => "결제 대기", "Awaiting payment";
    StatusPaid => "주문 접수 대기", "Waiting for the store";
    StatusAccepted => "주문 접수됨", "Accepted";
    StatusRejected => "주문 거절됨", "Rejected";
    StatusCooking => "조리 중", "Cooking";
    StatusReadyForPickup => "픽업 대기", "Ready for pickup";
    StatusRiderAssigned => "라이더 배정됨", "Rider assigned";
    StatusPickedUp => "배달 중", "On the way";
    StatusDelivered => "배달 완료", "Delivered";
    StatusCompleted => "완료", "Completed";
    StatusCancelled => "취소됨", "Cancelled";
    ErrUnauthenticated => "로그인이 필요합니다.", "Please sign in first.";
    ErrBadCredentials => "이메일 또는 비밀번호가 올바르지 않습니다.", "Wrong email or password.";
    ErrForbidden => "이 작업을 할 권한이 없습니다.", "You are not allowed to do that.";
    ErrNotFound => "찾을 수 없습니다.", "Not found.";
    ErrInvalidInput => "입력값을 확인해 주세요.", "Please check what you entered.";
    ErrEmail => "이메일 주소를 확인해 주세요.", "Please enter a valid email address.";
    ErrEmailTaken => "이미 가입된 이메일입니다. 로그인해 주세요.", "This email already has an account. Please sign in.";
    ErrName => "이름을 1~40자로 입력해 주세요.", "Please enter a name of 1 to 40 characters.";
    ErrArea => "지역을 선택해 주세요.", "Please choose an area.";
    ErrAddress => "주소를 1~100자로 입력해 주세요.", "Please enter an address of 1 to 100 characters.";
    ErrPasswordShort => "비밀번호는 12자 이상이어야 합니다.", "The password needs at least 12 characters.";
    ErrPasswordLong => "비밀번호는 128자 이하여야 합니다.", "The password may have at most 128 characters.";
    ErrPasswordCommon => "너무 흔하거나 추측하기 쉬운 비밀번호입니다. 다른 비밀번호를 골라 주세요.", "This password is too common or easy to guess. Please choose another.";
    ErrStoreName => "가게 이름을 1~40자로 입력해 주세요.", "Please enter a store name of 1 to 40 characters.";
    ErrCategory => "업종을 1~20자로 입력해 주세요.", "Please enter a category of 1 to 20 characters.";
    MinutesAway => "분 후 도착 예정", "min away";
    RiderOnTheWay => "배달 중인 라이더의 위치", "Where your rider is";
    Store => "가게", "Store";
    You => "나", "You";
    WithinRadius => "안의 배달만 보여요", "around you";
    GoOnDutyForOffers => "운행을 시작하면 근처 배달이 보여요.", "Go on duty to see deliveries near you.";
    OnDuty => "운행 중", "On duty";
    OffDuty => "운행 종료", "Off duty";
    GoOnDuty => "운행 시작", "Go on duty";
    GoOffDuty => "운행 종료하기", "Go off duty";
    NoPositionChooseArea => "위치를 알 수 없습니다. 운행할 지역을 골라 주세요.", "Your position is not available. Choose the area you ride in.";
    StartInArea => "이 지역에서 시작", "Start in this area";
    Earnings => "수입", "Earnings";
    ThisWeek => "이번 주", "This week";
    DeliveriesCount => "건", "deliveries";
    OpenMap => "지도", "Map";
    CheckAtPickup => "픽업할 때 확인할 메뉴", "Check at pickup";
    SignUp => "회원가입", "Sign up";
    NoAccount => "계정이 없으신가요?", "No account yet?";
    HaveAccount => "이미 계정이 있으신가요?", "Already have an account?";
    Name => "이름", "Name";
    PasswordRule => "12자 이상, 흔하지 않은 비밀번호", "At least 12 characters, not a common one";
    Area => "지역", "Area";
    DeliveryAddress => "배달 주소", "Delivery address";
    Address => "주소", "Address";
    Account => "내 계정", "Account";
    Accounts => "계정 관리", "Accounts";
    SignOutEverywhere => "모든 기기에서 로그아웃", "Sign out everywhere";
    ConfirmSignOutEverywhere => "이 기기를 포함한 모든 기기에서 로그아웃합니다. 계속할까요?", "This signs you out on every device, this one included. Continue?";
    YesSignOutEverywhere => "네, 모두 로그아웃", "Yes, sign out everywhere";
    CreateAccount => "계정 만들기", "Create an account";
    AccountCreated => "계정을 만들었습니다", "Account created";
    StoreName => "가게 이름", "Store name";
    Category => "업종", "Category";
    AuditLog => "감사 기록", "Audit log";
    AuditSignIn => "로그인", "Signed in";
    AuditSignInFailed => "로그인 실패", "Failed sign-in";
    AuditSignUp => "회원가입", "Signed up";
    AuditSignOut => "로그아웃", "Signed out";
    AuditRetried => "알림 재발송", "Notification sent again";
    ErrConflict => "그사이 주문이 바뀌었습니다. 다시 시도해 주세요.", "The order changed in the meantime. Please try again.";
    ErrTooMany => "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.", "Too many attempts. Please wait a moment and try again.";
    ErrInternal => "일시적인 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.", "Something went wrong on our side. Please try again shortly.";
    ErrNetwork => "서버에 연결할 수 없습니다. 인터넷 연결을 확인해 주세요.", "Cannot reach Baedal. Check your connection.";
    RefusedCookingStarted => "이미 조리가 시작되어 주문을 취소할 수 없습니다.", "Cooking has already started, so the order can no longer be cancelled.";
    RefusedAlreadyClaimed => "다른 라이더가 먼저 배달을 잡았습니다.", "Another rider has already taken this delivery.";
    RefusedClosed => "이미 끝난 주문이라 변경할 수 없습니다.", "This order is finished and can no longer change.";
    RefusedNotPermitted => "이 주문에 그 작업을 할 수 없습니다.", "You cannot do that to this order.";
    RefusedNotNow => "지금 상태에서는 할 수 없는 작업입니다.", "That is not possible in the order's current state.";
    RefusedEmpty => "메뉴를 하나 이상 담아 주세요.", "Add at least one dish.";
    RefusedInvalid => "입력값이 올바르지 않습니다.", "Some of the input is not valid.";
    RefusedOptionRequired => "필수 옵션을 골라 주세요.", "Choose an option for every required group.";
    RefusedInvalidOptions => "이 메뉴에 맞지 않는 옵션입니다.", "Those options do not fit the dish.";
    RefusedSoldOut => "품절된 메뉴가 있습니다. 장바구니에서 빼 주세요.", "A dish in your cart is sold out. Please remove it.";
    RefusedStoreClosed => "지금은 가게가 주문을 받지 않습니다.", "The store is not taking orders right now.";
    RefusedBelowMinimum => "최소 주문 금액보다 적습니다.", "The order is below the store's minimum.";
    RefusedOutOfRange => "이 주소는 가게의 배달 가능 거리 밖이에요.", "This address is beyond the store's delivery range.";
    OutOfDeliveryRange => "배달 불가 지역", "Out of delivery range";
    OutOfRangeHere => "이 가게는 내 주소까지 배달하지 않아요. 더 가까운 가게를 찾아보세요.", "This store does not deliver to your address; try one nearer to you.";
    DeliveryRadiusM => "배달 반경(m)", "Delivery radius (m)";
    ErrDeliveryRadius => "배달 반경을 500에서 20000 사이의 미터로 입력해 주세요.", "Please enter the delivery radius in metres, from 500 to 20000.";
    RefusedCouponUnknown => "이 가게에서 쓸 수 있는 쿠폰 코드가 아닙니다.", "That is not a coupon code of this store.";
    RefusedCouponExpired => "기간이 지난 쿠폰입니다.", "That coupon has expired.";
    RefusedCouponMinimum => "쿠폰 최소 주문 금액보다 적습니다.", "The order is below the coupon's minimum.";
    RefusedCouponUsed => "이미 사용한 쿠폰입니다.", "You have already used that coupon.";
    RefusedCouponTaken => "쿠폰이 모두 소진되었습니다.", "That coupon has run out.";
    RefusedInvalidReview => "별점은 1~5개, 리뷰는 500자까지입니다.", "A review has 1 to 5 stars and at most 500 characters.";
    RefusedNotReviewable => "완료된 내 주문만 리뷰할 수 있습니다.", "Only your completed orders can be reviewed.";
    RefusedAlreadyReviewed => "이미 리뷰를 남긴 주문입니다.", "You have already reviewed this order.";
    RefusedInvalidHours => "영업시간은 00:00부터 23:59 사이로 입력해 주세요.", "Opening hours must be times between 00:00 and 23:59.";
    ErrPaymentBusy => "결제가 지연되고 있어요. 잠시 후 자동으로 다시 시도합니다.", "Payment is busy. We will retry shortly.";
    ErrBusy => "주문이 몰려 지금은 받지 못했어요. 아무것도 처리되지 않았으니 잠시 후 다시 시도해 주세요.", "Baedal is very busy right now and nothing was done. Please try again in a moment.";
    Search => "검색", "Search";
    SearchHint => "가게 또는 메뉴 이름", "Store or dish name";
    AllCategories => "전체", "All";
    NoStoreMatches => "“{}”에 맞는 가게가 없습니다.", "No store matches “{}”.";
    ShowAllStores => "모든 가게 보기", "Show all stores";
    DistancesFrom => "거리 기준 주소", "Distances from";
    HomeAddress => "기본 주소", "Home address";
    DeliveryFee => "배달팁", "Delivery fee";
    MinimumOrder => "최소주문", "Minimum order";
    RatingNew => "신규", "New";
    ReviewOne => "리뷰 1개", "1 review";
    ReviewCount => "리뷰 {}개", "{} reviews";
    OpenNow => "영업 중", "Open";
    ClosedNow => "준비 중", "Closed";
    OpenAllDay => "24시간 영업", "Open 24 hours";
    Hours => "영업시간", "Hours";
    PausedOrders => "지금은 가게가 주문을 받지 않고 있어요. 주문할 수 없습니다.", "The store has paused orders for now, so ordering is off.";
    OutsideHours => "지금은 영업시간이 아니라 주문할 수 없습니다. 영업시간: {}", "The store is closed now, so ordering is off. Hours: {}";
    SoldOut => "품절", "Sold out";
    ChooseOptions => "옵션 선택", "Choose options";
    Required => "필수", "Required";
    Optional => "선택", "Optional";
    NoneChosen => "선택 안 함", "None";
    UpTo => "최대 {}개", "up to {}";
    AddToCart => "장바구니에 담기", "Add to cart";
    Close => "닫기", "Close";
    Reviews => "리뷰", "Reviews";
    NoReviews => "아직 리뷰가 없습니다.", "No reviews yet.";
    OwnerReply => "사장님 답글", "Reply from the store";
    StarOne => "별 1개", "1 star";
    StarsMany => "별 {}개", "{} stars";
    OneLess => "{} 하나 빼기", "One less {}";
    OneMore => "{} 하나 더", "One more {}";
    Subtotal => "주문 금액", "Subtotal";
    Coupon => "쿠폰", "Coupon";
    CouponCode => "쿠폰 코드", "Coupon code";
    Apply => "적용", "Apply";
    RemoveCoupon => "쿠폰 빼기", "Remove coupon";
    MyCoupons => "쓸 수 있는 쿠폰", "Your coupons";
    PercentOff => "{}% 할인", "{}% off";
    AmountOff => "{} 할인", "{} off";
    CouponFrom => "{} 이상 주문 시", "on orders of {} or more";
    Quoting => "금액을 계산하는 중…", "Working out the total…";
    AddMoreToOrder => "{} 더 담으면 주문할 수 있어요.", "Add {} more to order.";
    NoAddressYet => "배달 주소가 없습니다. 내 계정에서 주소를 추가해 주세요.", "You have no delivery address yet. Add one in your account.";
    PaymentBusy => "결제가 지연되고 있어요. 자동으로 다시 시도합니다.", "Payment is busy, we will retry.";
    NextTryAt => "다음 자동 시도", "Next automatic try";
    PaymentExpiresAt => "이때까지 결제되지 않으면 주문이 취소됩니다", "Cancelled if still unpaid at";
    RetryPayment => "결제 다시 시도", "Retry payment";
    StillBusy => "아직 결제가 지연되고 있어요. 잠시 후 다시 시도해 주세요.", "Payment is still busy. Please try again in a moment.";
    PaymentCancelled => "결제가 취소되었습니다.", "Payment cancelled.";
    PaymentCancelling => "결제를 취소하는 중입니다.", "Payment being cancelled.";
    Refunded => "환불되었습니다.", "Refunded.";
    Refunding => "환불하는 중입니다.", "Being refunded.";
    NothingCharged => "결제된 금액이 없습니다.", "Nothing was charged.";
    CouponReturned => "쿠폰을 돌려드렸어요. 다시 쓸 수 있습니다.", "Coupon returned: you can use it again.";
    WriteReview => "리뷰 쓰기", "Write a review";
    YourReview => "내 리뷰", "Your review";
    ReviewPrompt => "음식은 어떠셨나요? (선택)", "How was the food? (optional)";
    PostReview => "리뷰 남기기", "Post review";
    StarRating => "별점", "Rating";
    Reorder => "다시 담기", "Reorder";
    Grade => "등급", "Grade";
    GradeRegular => "일반", "Regular";
    GradeLoyal => "단골", "Loyal";
    GradeVip => "VIP", "VIP";
    CompletedOrders => "완료한 주문", "Completed orders";
    ToNextGrade => "{}번 더 주문을 완료하면 {} 등급이 됩니다.", "{} more completed orders to {}.";
    TopGrade => "최고 등급입니다. 고맙습니다!", "You have the top grade. Thank you!";
    SavedAddresses => "저장한 주소", "Saved addresses";
    NoSavedAddresses => "저장한 주소가 없습니다.", "No saved addresses yet.";
    AddAddress => "주소 추가", "Add an address";
    AddressLabel => "이름 (예: 집, 회사)", "Label (e.g. Home, Work)";
    WhereIsIt => "위치", "Where it is";
    UseMyPosition => "내 위치 사용", "Use my position";
    PickArea => "지역 고르기", "Pick an area";
    PositionFound => "현재 위치를 찾았습니다.", "Your position was found.";
    Save => "저장", "Save";
    Delete => "삭제", "Delete";
    DeleteNamed => "{} 삭제", "Delete {}";
    ConfirmDeleteAddress => "이 주소를 삭제할까요?", "Delete this address?";
    YesDelete => "네, 삭제합니다", "Yes, delete it";
    ErrLabel => "이름을 1~20자로 입력해 주세요.", "Please enter a label of 1 to 20 characters.";
    ErrPosition => "위치를 알 수 없습니다. 지역을 골라 주세요.", "Your position is not available. Please pick an area.";
    ErrCouponCode => "쿠폰 코드를 확인해 주세요.", "Please check the coupon code.";
    ColumnNew => "새 주문", "New";
    ColumnAccepted => "접수", "Accepted";
    ColumnCooking => "조리 중", "Cooking";
    ColumnReady => "픽업 대기", "Ready";
    ColumnPickedUp => "배달 중", "Picked up";
    NewOrdersWaiting => "새 주문 {}건", "{} new order(s)";
    ShowOrders => "주문 보기", "Show orders";
    Acknowledge => "확인", "Acknowledge";
    StartShift => "영업 시작", "Start shift";
    StartShiftHint => "누르면 새 주문 알림음이 켜집니다.", "Tap to turn the new-order sound on.";
    SoundOn => "알림음 켜짐", "Sound on";
    MuteSound => "알림음 끄기", "Mute sound";
    SoundBackOn => "알림음 다시 켜기", "Turn the sound back on";
    MinutesAgo => "{}분 전 주문", "ordered {} min ago";
    CustomerNote => "요청사항", "Note";
    CancelledMeanwhile => "그사이 고객이 주문을 취소했습니다. 조리하지 마세요.", "The customer cancelled this order in the meantime. Do not cook it.";
    CustomerCancelled => "고객이 주문 #{}을(를) 취소했습니다 ({}). 조리하지 마세요.", "The customer cancelled order #{} ({}). Do not cook it.";
    WaitingForAnswer => "{}분째 접수 대기", "waiting {} min for an answer";
    DueIn => "{}분 남음", "{} min left";
    LateBy => "{}분 늦음", "{} min late";
    ReasonTooFar => "배달할 수 없는 지역입니다", "We cannot deliver there";
    Delay => "시간 연장", "Delay";
    NewEstimate => "지금부터 몇 분 뒤에 준비되나요?", "Ready how long from now?";
    ReadyInMinutes => "{}분 뒤 완료", "Ready in {} min";
    ShowingAsOf => "{}에 받은 주문을 보여 주고 있습니다.", "Showing the orders as of {}.";
    TabOrders => "주문", "Orders";
    TabMenu => "메뉴", "Menu";
    TabSettings => "가게 설정", "Settings";
    TabDashboard => "현황", "Dashboard";
    NoOwnStores => "운영하는 가게가 없습니다.", "You have no store yet.";
    TakingOrders => "주문 받기", "Taking orders";
    OrdersPaused => "주문 일시 중지", "Orders paused";
    CustomersSee => "고객에게 보이는 상태", "Customers see";
    Opens => "여는 시간", "Opens";
    Closes => "닫는 시간", "Closes";
    HoursHint => "닫는 시간이 여는 시간보다 이르면 자정을 넘겨 영업합니다. 같으면 24시간 영업입니다.", "A closing time before the opening time runs past midnight; the same time means open 24 hours.";
    DeliveryFeeWon => "배달팁(원)", "Delivery fee (₩)";
    AutoAccept => "자동 접수", "Auto-accept";
    AutoAcceptHint => "결제된 주문을 기본 조리 시간으로 바로 접수합니다", "Accept paid orders at once with the default preparation time";
    DefaultPrep => "기본 조리 시간", "Default preparation time";
    SaveSettings => "설정 저장", "Save settings";
    Saved => "저장했습니다.", "Saved.";
    AddDish => "메뉴 추가", "Add a dish";
    EditDish => "메뉴 수정", "Edit dish";
    Edit => "수정", "Edit";
    EditNamed => "{} 수정", "Edit {}";
    SoldOutNamed => "{} 품절", "{} sold out";
    OnSale => "판매 중", "On sale";
    DishName => "메뉴 이름", "Dish name";
    PriceWon => "가격(원)", "Price (₩)";
    Description => "설명", "Description";
    OptionGroups => "옵션", "Options";
    OptionGroupNumber => "옵션 그룹 {}", "Option group {}";
    AddOptionGroup => "옵션 그룹 추가", "Add an option group";
    GroupName => "그룹 이름 (예: 맵기)", "Group name (e.g. Spiciness)";
    AtLeast => "최소 선택", "At least";
    AtMost => "최대 선택", "At most";
    ChoiceName => "선택지", "Choice";
    ExtraPrice => "추가 금액(원)", "Extra (₩)";
    AddChoice => "선택지 추가", "Add a choice";
    RemoveChoice => "선택지 삭제", "Remove this choice";
    RemoveGroup => "그룹 삭제", "Remove group";
    SaveDish => "메뉴 저장", "Save dish";
    Refresh => "새로 고침", "Refresh";
    TopDishesWeek => "최근 7일 인기 메뉴", "Top dishes, last 7 days";
    DeliveredOrders => "배달 완료", "Delivered";
    CancelledOrders => "취소", "Cancelled";
    RejectedOrders => "거절", "Rejected";
    WriteReply => "답글 쓰기", "Write a reply";
    PostReply => "답글 남기기", "Post reply";
    KitchenNote => "사장님께 요청사항 (선택)", "Note to the kitchen (optional)";
    KitchenNoteHint => "예: 덜 맵게 해 주세요", "e.g. Not too spicy, please";
    ErrDishName => "메뉴 이름을 1~60자로 입력해 주세요.", "Please enter a dish name of 1 to 60 characters.";
    ErrDescription => "설명은 200자까지입니다.", "The description may have at most 200 characters.";
    ErrOptionGroups => "옵션 그룹은 10개까지입니다.", "A dish may have at most 10 option groups.";
    ErrGroupName => "옵션 그룹 이름을 1~30자로 입력해 주세요.", "Please name every option group (1 to 30 characters).";
    ErrGroupChoices => "각 그룹에 선택지를 1~20개 두고, 최소 선택은 최대 선택 이하, 최대 선택은 1 이상 선택지 수 이하로 해 주세요.", "Give each group 1 to 20 choices; 'at least' may not exceed 'at most', and 'at most' must be between 1 and the number of choices.";
    ErrOptionName => "선택지 이름을 1~40자로 입력해 주세요.", "Please name every choice (1 to 40 characters).";
    ErrPrice => "가격을 원 단위 숫자로 입력해 주세요.", "Please enter the price in won, as a number.";
    ErrPriceDelta => "추가 금액을 0 이상의 숫자로 입력해 주세요.", "Please enter each extra price as a number of 0 or more.";
    ErrDeliveryFee => "배달팁을 원 단위 숫자로 입력해 주세요.", "Please enter the delivery fee in won, as a number.";
    ErrMinOrder => "최소 주문 금액을 원 단위 숫자로 입력해 주세요.", "Please enter the minimum order in won, as a number.";
    ErrPrepMinutes => "조리 시간은 1~180분입니다.", "The preparation time is 1 to 180 minutes.";
    ErrReply => "답글을 1~200자로 입력해 주세요.", "Please write a reply of 1 to 200 characters.";
    ErrNote => "요청사항은 200자까지입니다.", "The note may have at most 200 characters.";
}

/// The label of a status.
pub fn status_msg(status: OrderStatus) -> Msg {
    match status {
        OrderStatus::PendingPayment => Msg::StatusPendingPayment,
        OrderStatus::Paid => Msg::StatusPaid,
        OrderStatus::Accepted => Msg::StatusAccepted,
        OrderStatus::Rejected => Msg::StatusRejected,
        OrderStatus::Cooking => Msg::StatusCooking,
        OrderStatus::ReadyForPickup => Msg::StatusReadyForPickup,
        OrderStatus::RiderAssigned => Msg::StatusRiderAssigned,
        OrderStatus::PickedUp => Msg::StatusPickedUp,
        OrderStatus::Delivered => Msg::StatusDelivered,
        OrderStatus::Completed => Msg::StatusCompleted,
        OrderStatus::Cancelled => Msg::StatusCancelled,
    }
}

/// The sentence for a refusal by the order rules.
pub fn refusal_msg(reason: &DomainError) -> Msg {
    match reason {
        DomainError::CookingStarted => Msg::RefusedCookingStarted,
        DomainError::AlreadyClaimed => Msg::RefusedAlreadyClaimed,
        DomainError::OrderClosed { .. } => Msg::RefusedClosed,
        DomainError::NotPermitted { .. } => Msg::RefusedNotPermitted,
        DomainError::NotAllowedNow {
            command: CommandKind::Cancel,
            ..
        } => Msg::RefusedCookingStarted,
        DomainError::NotAllowedNow { .. } => Msg::RefusedNotNow,
        DomainError::EmptyOrder => Msg::RefusedEmpty,
        DomainError::OptionRequired => Msg::RefusedOptionRequired,
        DomainError::InvalidOptions => Msg::RefusedInvalidOptions,
        DomainError::SoldOut { .. } => Msg::RefusedSoldOut,
        DomainError::StoreClosed => Msg::RefusedStoreClosed,
        DomainError::BelowMinimumOrder { .. } => Msg::RefusedBelowMinimum,
        DomainError::OutOfDeliveryRange { .. } => Msg::RefusedOutOfRange,
        DomainError::Coupon { problem } => match problem {
            CouponProblem::Unknown => Msg::RefusedCouponUnknown,
            CouponProblem::Expired => Msg::RefusedCouponExpired,
            CouponProblem::BelowMinimum => Msg::RefusedCouponMinimum,
            CouponProblem::AlreadyUsed => Msg::RefusedCouponUsed,
            CouponProblem::AllTaken => Msg::RefusedCouponTaken,
        },
        DomainError::InvalidReview => Msg::RefusedInvalidReview,
        DomainError::NotReviewable => Msg::RefusedNotReviewable,
        DomainError::AlreadyReviewed => Msg::RefusedAlreadyReviewed,
        DomainError::InvalidHours => Msg::RefusedInvalidHours,
        DomainError::TooManyLines
        | DomainError::InvalidId
        | DomainError::InvalidMoney
        | DomainError::InvalidQuantity
        | DomainError::InvalidCoordinates
        | DomainError::InvalidPrepMinutes
        | DomainError::InvalidReason
        | DomainError::InvalidAddress
        | DomainError::InvalidCoupon { .. } => Msg::RefusedInvalid,
    }
}

/// The sentence for any server-function error.
pub fn error_msg(error: &AppError) -> Msg {
    match error {
        AppError::Unauthenticated => Msg::ErrUnauthenticated,
        AppError::BadCredentials => Msg::ErrBadCredentials,
        AppError::Forbidden => Msg::ErrForbidden,
        AppError::NotFound => Msg::ErrNotFound,
        AppError::InvalidInput { field } => input_msg(*field),
        AppError::Refused { reason } => refusal_msg(reason),
        AppError::Conflict => Msg::ErrConflict,
        AppError::TooManyRequests { .. } => Msg::ErrTooMany,
        AppError::PaymentBusy => Msg::ErrPaymentBusy,
        AppError::Busy { .. } => Msg::ErrBusy,
        AppError::Internal => Msg::ErrInternal,
        AppError::Network => Msg::ErrNetwork,
    }
}

/// The sentence for input that did not pass, by the field the server named.
fn input_msg(field: Field) -> Msg {
    match field {
        Field::Email => Msg::ErrEmail,
        Field::EmailTaken => Msg::ErrEmailTaken,
        Field::Name => Msg::ErrName,
        Field::Area => Msg::ErrArea,
        Field::Address => Msg::ErrAddress,
        Field::PasswordTooShort => Msg::ErrPasswordShort,
        Field::PasswordTooLong => Msg::ErrPasswordLong,
        Field::PasswordCommon => Msg::ErrPasswordCommon,
        Field::StoreName => Msg::ErrStoreName,
        Field::Category => Msg::ErrCategory,
        Field::Label => Msg::ErrLabel,
        Field::Position => Msg::ErrPosition,
        Field::Coupon => Msg::ErrCouponCode,
        Field::DishName => Msg::ErrDishName,
        Field::Description => Msg::ErrDescription,
        Field::OptionGroups => Msg::ErrOptionGroups,
        Field::GroupName => Msg::ErrGroupName,
        Field::GroupChoices => Msg::ErrGroupChoices,
        Field::OptionName => Msg::ErrOptionName,
        Field::Price => Msg::ErrPrice,
        Field::PriceDelta => Msg::ErrPriceDelta,
        Field::DeliveryFee => Msg::ErrDeliveryFee,
        Field::MinOrder => Msg::ErrMinOrder,
        Field::DeliveryRadius => Msg::ErrDeliveryRadius,
        Field::PrepMinutes => Msg::ErrPrepMinutes,
        Field::Reply => Msg::ErrReply,
        Field::Note => Msg::ErrNote,
        // The form beside the message shows which input it is, or the
        // screens fill the input in themselves: a general sentence.
        Field::Auth
        | Field::Discount
        | Field::Endpoint
        | Field::Expiry
        | Field::Item
        | Field::Key
        | Field::Neighbourhood
        | Field::OffDuty
        | Field::Options
        | Field::P256dh
        | Field::Quantity
        | Field::Request
        | Field::Role
        | Field::Store
        | Field::TooManyAddresses => Msg::ErrInvalidInput,
    }
}

/// The language of the page, shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Makes the language context for this page.
    pub fn provide(initial: Lang) -> I18n {
        let i18n = I18n {
            lang: RwSignal::new(initial),
        };
        provide_context(i18n);
        i18n
    }

    /// The current language (reactive).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// A message in the current language (reactive).
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// A message with its `{}` filled by `args` in turn (reactive).
    pub fn fill(self, msg: Msg, args: &[&str]) -> String {
        fill(self.t(msg), args)
    }

    /// "5 stars" (reactive).
    pub fn stars(self, stars: u8) -> String {
        match stars {
            1 => self.t(Msg::StarOne).to_owned(),
            n => self.fill(Msg::StarsMany, &[&n.to_string()]),
        }
    }

    /// Switches language and remembers the choice in a cookie.
    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        #[cfg(feature = "hydrate")]
        crate::browser::remember_language(lang);
    }
}

/// The label of a customer grade.
pub fn grade_msg(grade: Grade) -> Msg {
    match grade {
        Grade::Regular => Msg::GradeRegular,
        Grade::Loyal => Msg::GradeLoyal,
        Grade::Vip => Msg::GradeVip,
    }
}

fn fill(text: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut args = args.iter();
    let mut pieces = text.split("{}");
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for piece in pieces {
        out.push_str(args.next().copied().unwrap_or_default());
        out.push_str(piece);
    }
    out
}

/// The page's language context.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The language the request asks for: the `lang` cookie, else the first
/// supported `Accept-Language`, else Korean.
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    use_context::<http::request::Parts>().map_or(Lang::Ko, |parts| lang_of(&parts.headers))
}

/// The language these request headers ask for, as [`request_lang`] reads it.
#[cfg(feature = "ssr")]
pub fn lang_of(headers: &http::HeaderMap) -> Lang {
    let from_cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == "lang")
        .and_then(|c| Lang::from_code(c.value()));
    let from_header = || {
        headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(Lang::from_accept_language)
    };
    from_cookie.or_else(from_header).unwrap_or(Lang::Ko)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_first_supported_language() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ko;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR,ko-KR;q=0.7"),
            Some(Lang::Ko)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
    }

    #[test]
    fn fills_placeholders_in_turn() {
        assert_eq!(fill("{} more to {}.", &["2", "VIP"]), "2 more to VIP.");
        assert_eq!(
            fill("No store matches “{}”.", &["x"]),
            "No store matches “x”."
        );
        assert_eq!(fill("plain", &["unused"]), "plain");
    }

    #[test]
    fn formats_distances() {
        assert_eq!(Lang::En.distance(850), "850 m");
        assert_eq!(Lang::Ko.distance(2_345), "2.3 km");
    }
}
