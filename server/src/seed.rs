//! The demo data set: stores in five Seoul neighbourhoods with real-looking
//! menus, three customers, two store owners, three riders and an operator.

use app::model::{DemoAccount, Role};
use domain::{Coordinates, Money};

use crate::passwords;
use storage::records::{NewAccount, NewDish, NewOptionGroup, NewStore};
use storage::{AccountStorage, CatalogueStorage};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "baedal-demo-2026";

struct Person {
    phone: Option<&'static str>,
    email: &'static str,
    name: &'static str,
    role: Role,
    home: Option<(&'static str, f64, f64)>,
}

const PEOPLE: &[Person] = &[
    Person {
        phone: Some("010-1111-0001"),
        email: "customer1@baedal.demo",
        name: "김민지",
        role: Role::Customer,
        home: Some(("서울 마포구 와우산로 94", 37.5509, 126.9250)),
    },
    Person {
        phone: Some("010-1111-0002"),
        email: "customer2@baedal.demo",
        name: "이준호",
        role: Role::Customer,
        home: Some(("서울 강남구 테헤란로 152", 37.5004, 127.0364)),
    },
    Person {
        phone: Some("010-1111-0003"),
        email: "customer3@baedal.demo",
        name: "박서연",
        role: Role::Customer,
        home: Some(("서울 성동구 왕십리로 83", 37.5447, 127.0440)),
    },
    Person {
        phone: Some("010-2222-0001"),
        email: "owner1@baedal.demo",
        name: "최사장",
        role: Role::StoreOwner,
        home: None,
    },
    Person {
        phone: Some("010-2222-0002"),
        email: "owner2@baedal.demo",
        name: "한사장",
        role: Role::StoreOwner,
        home: None,
    },
    Person {
        phone: Some("010-3333-0001"),
        email: "rider1@baedal.demo",
        name: "정우진",
        role: Role::Rider,
        home: Some(("서울 마포구 홍익로 10", 37.5572, 126.9245)),
    },
    Person {
        phone: Some("010-3333-0002"),
        email: "rider2@baedal.demo",
        name: "강하늘",
        role: Role::Rider,
        home: Some(("서울 강남구 강남대로 396", 37.4990, 127.0300)),
    },
    Person {
        phone: Some("010-3333-0003"),
        email: "rider3@baedal.demo",
        name: "윤도윤",
        role: Role::Rider,
        home: Some(("서울 성동구 아차산로 17", 37.5430, 127.0500)),
    },
    Person {
        phone: None,
        email: "admin@baedal.demo",
        name: "운영팀",
        role: Role::Operator,
        home: None,
    },
];

struct Shop {
    owner: &'static str,
    name: &'static str,
    category: &'static str,
    neighbourhood: &'static str,
    address: &'static str,
    at: (f64, f64),
    /// Delivery fee and minimum order, in won.
    terms: (i64, i64),
    menu: &'static [(&'static str, &'static str, i64)],
}

/// An option group of a demo dish: (dish, group, min, max, options with what they add).
type DemoOptions = (
    &'static str,
    &'static str,
    u8,
    u8,
    &'static [(&'static str, i64)],
);

const OPTIONS: &[DemoOptions] = &[
    ("부대찌개", "인분", 1, 1, &[("2인분", 0), ("3인분", 8_000)]),
    (
        "부대찌개",
        "사리",
        0,
        2,
        &[("라면사리", 1_000), ("치즈", 1_500)],
    ),
    (
        "제육볶음",
        "맵기",
        1,
        1,
        &[("순한맛", 0), ("보통", 0), ("매운맛", 0)],
    ),
    ("반반치킨", "부위", 1, 1, &[("뼈", 0), ("순살", 2_000)]),
    (
        "반반치킨",
        "추가",
        0,
        3,
        &[("치즈볼 2개", 2_500), ("콜라 500ml", 1_500), ("치킨무", 0)],
    ),
    (
        "라구 파스타",
        "면",
        1,
        1,
        &[("탈리아텔레", 0), ("리가토니", 0), ("글루텐프리", 2_000)],
    ),
    (
        "스모크 BBQ 버거",
        "패티",
        1,
        1,
        &[("싱글", 0), ("더블", 4_000)],
    ),
    (
        "스모크 BBQ 버거",
        "세트",
        0,
        1,
        &[("감자튀김과 콜라", 3_500)],
    ),
];

const SHOPS: &[Shop] = &[
    Shop {
        owner: "owner1@baedal.demo",
        name: "홍대 할매 김치찌개",
        category: "한식",
        neighbourhood: "홍대",
        address: "서울 마포구 어울마당로 35",
        at: (37.5553, 126.9226),
        terms: (3_000, 12_000),
        menu: &[
            ("김치찌개", "묵은지와 돼지고기를 푹 끓인 대표 메뉴", 9_000),
            ("된장찌개", "차돌박이를 넣은 구수한 된장찌개", 9_000),
            ("부대찌개", "햄과 소시지, 라면사리가 들어간 2인분", 18_000),
            ("제육볶음", "매콤한 고추장 양념 돼지고기 볶음", 11_000),
            ("계란말이", "대파를 듬뿍 넣은 두툼한 계란말이", 7_000),
            ("고등어구이", "노릇하게 구운 국내산 고등어 한 마리", 12_000),
            ("공기밥", "갓 지은 쌀밥", 1_000),
            ("김치전", "바삭하게 부친 묵은지 김치전", 10_000),
        ],
    },
    Shop {
        owner: "owner2@baedal.demo",
        name: "강남 바삭치킨",
        category: "치킨",
        neighbourhood: "강남",
        address: "서울 강남구 강남대로94길 20",
        at: (37.4989, 127.0286),
        terms: (2_000, 15_000),
        menu: &[
            ("후라이드치킨", "두 번 튀겨 바삭한 한 마리", 19_000),
            ("양념치킨", "달콤매콤 수제 양념", 20_000),
            ("간장치킨", "마늘 간장 소스를 입힌 치킨", 20_000),
            ("반반치킨", "후라이드 반, 양념 반", 20_000),
            ("치킨무", "새콤한 무 한 통", 500),
            ("감자튀김", "케이준 시즈닝 감자튀김", 5_000),
            ("콜라 1.25L", "시원한 콜라", 3_000),
            ("치즈볼", "쫀득한 치즈볼 5개", 5_500),
        ],
    },
    Shop {
        owner: "owner1@baedal.demo",
        name: "성수 파스타 공방",
        category: "양식",
        neighbourhood: "성수",
        address: "서울 성동구 연무장길 41",
        at: (37.5432, 127.0563),
        terms: (3_500, 14_000),
        menu: &[
            (
                "까르보나라",
                "관찰레와 페코리노로 만든 정통 까르보나라",
                16_000,
            ),
            ("알리오 올리오", "마늘과 올리브유, 페퍼론치노", 14_000),
            ("봉골레", "바지락을 듬뿍 넣은 화이트 와인 파스타", 17_000),
            ("라구 파스타", "여섯 시간 끓인 소고기 라구", 18_000),
            ("마르게리따 피자", "토마토, 모차렐라, 바질", 19_000),
            ("리코타 샐러드", "수제 리코타 치즈와 제철 채소", 12_000),
            ("트러플 감자튀김", "트러플 오일과 파르미지아노", 9_000),
            ("티라미수", "마스카르포네 티라미수", 7_500),
        ],
    },
    Shop {
        owner: "owner1@baedal.demo",
        name: "종로 손칼국수",
        category: "분식·면",
        neighbourhood: "종로",
        address: "서울 종로구 종로 200",
        at: (37.5709, 126.9988),
        terms: (2_500, 8_000),
        menu: &[
            ("손칼국수", "멸치 육수에 직접 민 면", 9_000),
            ("바지락칼국수", "바지락이 가득한 시원한 국물", 11_000),
            ("비빔국수", "새콤달콤 비빔국수", 9_000),
            ("왕만두", "고기와 김치 왕만두 4개", 7_000),
            ("수제비", "쫄깃한 손수제비", 9_000),
            ("콩국수", "진한 콩물 국수 (여름 한정)", 11_000),
            ("김밥", "참기름 향 가득한 집김밥", 4_000),
            ("떡볶이", "쌀떡으로 만든 매콤한 떡볶이", 6_000),
        ],
    },
    Shop {
        owner: "owner2@baedal.demo",
        name: "이태원 스모크 버거",
        category: "버거",
        neighbourhood: "이태원",
        address: "서울 용산구 이태원로 177",
        at: (37.5347, 126.9946),
        terms: (3_000, 12_000),
        menu: &[
            ("클래식 버거", "소고기 패티, 체다, 피클", 12_000),
            ("베이컨 치즈버거", "훈제 베이컨과 더블 체다", 14_500),
            ("스모크 BBQ 버거", "직접 훈연한 브리스킷과 BBQ 소스", 16_000),
            ("머쉬룸 스위스 버거", "볶은 버섯과 스위스 치즈", 14_000),
            ("치킨 버거", "버터밀크 프라이드 치킨", 12_500),
            ("어니언 링", "맥주 반죽 어니언 링", 6_000),
            ("밀크셰이크", "바닐라 밀크셰이크", 6_500),
            ("코울슬로", "새콤한 양배추 샐러드", 3_500),
        ],
    },
];

/// The accounts the sign-in page offers in demo mode.
pub fn demo_accounts() -> Vec<DemoAccount> {
    PEOPLE
        .iter()
        .map(|person| DemoAccount {
            email: person.email.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            name: person.name.to_owned(),
            role: person.role,
        })
        .collect()
}

fn demo_dish(name: &str, description: &str, price: i64) -> Result<NewDish, domain::DomainError> {
    let options = OPTIONS
        .iter()
        .filter(|(dish, ..)| *dish == name)
        .map(|&(_, group, min, max, options)| {
            Ok(NewOptionGroup {
                name: group.to_owned(),
                min,
                max,
                options: options
                    .iter()
                    .map(|&(option, delta)| Ok((option.to_owned(), Money::won(delta)?)))
                    .collect::<Result<_, domain::DomainError>>()?,
            })
        })
        .collect::<Result<_, domain::DomainError>>()?;
    Ok(NewDish {
        name: name.to_owned(),
        description: description.to_owned(),
        price: Money::won(price)?,
        options,
    })
}

/// Fills an empty database with the demo data set; leaves any other alone.
pub async fn ensure_demo_data(
    db: &(impl AccountStorage + CatalogueStorage + ?Sized),
) -> anyhow::Result<()> {
    if db.has_accounts().await? {
        return Ok(());
    }
    let mut owners = std::collections::HashMap::new();
    for person in PEOPLE {
        let password_hash = tokio::task::spawn_blocking(|| passwords::hash(DEMO_PASSWORD))
            .await?
            .map_err(|e| anyhow::anyhow!("hashing a demo password: {e}"))?;
        let home = match person.home {
            Some((address, lat, lon)) => Some((address.to_owned(), Coordinates::parse(lat, lon)?)),
            None => None,
        };
        let id = db
            .insert_account(NewAccount {
                email: person.email.to_owned(),
                name: person.name.to_owned(),
                role: person.role,
                password_hash,
                home,
                phone: person.phone.map(str::to_owned),
            })
            .await?;
        owners.insert(person.email, id);
    }
    for shop in SHOPS {
        let owner = *owners
            .get(shop.owner)
            .ok_or_else(|| anyhow::anyhow!("unknown demo owner {}", shop.owner))?;
        let menu = shop
            .menu
            .iter()
            .map(|&(name, description, price)| demo_dish(name, description, price))
            .collect::<Result<Vec<_>, domain::DomainError>>()?;
        db.insert_store(NewStore {
            owner,
            name: shop.name.to_owned(),
            category: shop.category.to_owned(),
            neighbourhood: shop.neighbourhood.to_owned(),
            address: shop.address.to_owned(),
            location: Coordinates::parse(shop.at.0, shop.at.1)?,
            delivery_fee: Money::won(shop.terms.0)?,
            min_order: Money::won(shop.terms.1)?,
            menu,
        })
        .await?;
    }
    tracing::info!("demo data created");
    Ok(())
}
