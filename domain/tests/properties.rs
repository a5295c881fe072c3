//! Properties over random command sequences from random actors.

mod support;

use domain::OrderStatus::*;
use domain::*;
use proptest::prelude::*;
use support::*;

fn any_actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(Actor::Customer(customer())),
        Just(Actor::Customer(other_customer())),
        Just(Actor::Store(store())),
        Just(Actor::Store(other_store())),
        Just(Actor::Rider(rider())),
        Just(Actor::Rider(other_rider())),
        Just(Actor::System),
    ]
}

fn any_command() -> impl Strategy<Value = Command> {
    let commands = every_command();
    (0..commands.len()).prop_map(move |i| commands[i].clone())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn random_sequences_keep_the_invariants(
        steps in prop::collection::vec((any_command(), any_actor()), 0..40)
    ) {
        let id = OrderId::parse(7).unwrap();
        let mut log = vec![placed_event()];
        let mut order = replay(id, &log).unwrap();
        let mut cooking_started = false;
        for (minute, (command, actor)) in (1..).zip(steps) {
            let before = order.status;
            match decide(&order, &command, actor, at(minute)) {
                Ok(event) => {
                    prop_assert!(!before.is_terminal(), "{before:?} changed by {:?}", command.kind());
                    if command.kind() == CommandKind::Cancel {
                        prop_assert!(!cooking_started, "cancelled after cooking started");
                    }
                    order = order.apply(&event);
                    log.push(event);
                    if order.status == Completed {
                        prop_assert_eq!(before, Delivered);
                    }
                    if order.status == Cooking {
                        cooking_started = true;
                    }
                }
                Err(_) => {
                    // A refusal changes nothing; `order` is untouched by construction.
                }
            }
            prop_assert_eq!(&replay(id, &log).unwrap(), &order);
        }
        if order.status.is_terminal() {
            for command in every_command() {
                prop_assert!(decide(&order, &command, rightful_actor(&command), at(999)).is_err());
            }
        }
    }

    #[test]
    fn the_stored_log_round_trips_through_json(
        steps in prop::collection::vec((any_command(), any_actor()), 0..30)
    ) {
        let id = OrderId::parse(3).unwrap();
        let mut log = vec![placed_event()];
        let mut order = replay(id, &log).unwrap();
        for (minute, (command, actor)) in (1..).zip(steps) {
            if let Ok(event) = decide(&order, &command, actor, at(minute)) {
                order = order.apply(&event);
                log.push(event);
            }
        }
        let stored: Vec<String> = log.iter().map(|e| serde_json::to_string(e).unwrap()).collect();
        let loaded: Vec<OrderEvent> = stored.iter().map(|s| serde_json::from_str(s).unwrap()).collect();
        prop_assert_eq!(replay(id, &loaded).unwrap(), order);
    }
}
