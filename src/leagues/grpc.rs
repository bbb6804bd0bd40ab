//! LeagueService: converts requests, calls the leagues module, converts back.
use tonic::{Request, Response, Status};

use super::{League, Outcome, Row, Tier};
use crate::{
    convert,
    proto::{
        GetLeagueRequest, GetLeagueResponse, LeagueStanding, LeagueTier, LeagueZone,
        league_service_server::LeagueService,
    },
    state::AppState,
};

pub struct LeaguesApi {
    state: AppState,
}

impl LeaguesApi {
    pub fn new(state: AppState) -> LeaguesApi {
        LeaguesApi { state }
    }
}

#[tonic::async_trait]
impl LeagueService for LeaguesApi {
    async fn get_league(
        &self,
        request: Request<GetLeagueRequest>,
    ) -> Result<Response<GetLeagueResponse>, Status> {
        let GetLeagueRequest { user_id } = request.into_inner();
        let settings = self.state.settings.current().await;
        let league =
            super::league_of(&self.state.db, &settings, &self.state.clock, user_id).await?;
        Ok(Response::new(league_to_proto(league)))
    }
}

pub fn tier_to_proto(tier: Tier) -> LeagueTier {
    LeagueTier {
        key: tier.as_str().to_string(),
        level: tier.level(),
        name_en: tier.name_en().to_string(),
        name_hi: tier.name_hi().to_string(),
    }
}

fn league_to_proto(league: League) -> GetLeagueResponse {
    let League {
        tier,
        placed,
        language,
        cohort,
        week_start,
        week_end,
        rows,
    } = league;
    GetLeagueResponse {
        tier: Some(tier_to_proto(tier)),
        placed,
        language,
        cohort,
        week_start: Some(convert::timestamp(week_start)),
        week_end: Some(convert::timestamp(week_end)),
        standings: rows.into_iter().map(row_to_proto).collect(),
    }
}

fn row_to_proto(row: Row) -> LeagueStanding {
    let Row {
        rank,
        user_id,
        display_name,
        points,
        zone,
    } = row;
    let zone = match zone {
        Outcome::Promoted => LeagueZone::Promotion,
        Outcome::Stayed => LeagueZone::Stay,
        Outcome::Demoted => LeagueZone::Demotion,
    };
    LeagueStanding {
        rank,
        user_id,
        display_name,
        points,
        zone: zone.into(),
    }
}
