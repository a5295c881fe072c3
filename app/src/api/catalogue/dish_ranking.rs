use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Ranking, RankingPeriod};

/// The most-ordered dishes, everywhere or in one neighbourhood. Open to everyone.
#[server(endpoint = "dish_ranking", input = leptos::server_fn::codec::Json)]
pub async fn dish_ranking(
    neighbourhood: Option<String>,
    period: RankingPeriod,
) -> Result<Ranking, AppError> {
    use crate::api::support::ports;
    use crate::error::Field;

    const LONGEST_NEIGHBOURHOOD: usize = 40;
    if neighbourhood
        .as_ref()
        .is_some_and(|name| name.chars().count() > LONGEST_NEIGHBOURHOOD)
    {
        return Err(AppError::invalid(Field::Neighbourhood));
    }
    Ok(ports()?.catalogue.ranking(neighbourhood, period).await?)
}
