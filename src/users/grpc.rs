//! UserService: converts requests, calls the users module, converts back.
use tonic::{Request, Response, Status};

use super::{User, UserInput, UserKey, fields};
use crate::phone::Phone;
use crate::{
    convert,
    error::{AppError, Violations},
    fields::ids,
    proto::{
        self, GetUserRequest, GetUserResponse, UpsertUserRequest, UpsertUserResponse,
        get_user_request::Lookup, user_service_server::UserService,
    },
    state::AppState,
};

pub struct UsersApi {
    state: AppState,
}

impl UsersApi {
    pub fn new(state: AppState) -> UsersApi {
        UsersApi { state }
    }
}

#[tonic::async_trait]
impl UserService for UsersApi {
    async fn upsert_user(
        &self,
        request: Request<UpsertUserRequest>,
    ) -> Result<Response<UpsertUserResponse>, Status> {
        let UpsertUserRequest {
            php_user_id,
            phone,
            email,
            first_name,
            last_name,
            preferred_language,
            preferences_json,
            interests_json,
        } = request.into_inner();
        let region = self.state.settings.current().await.phone_default_region;
        let mut v = Violations::new();
        v.check(fields::match_key(php_user_id, &phone));
        let input = UserInput {
            php_user_id: v.field(php_user_id.map(|id| ids::id("php_user_id", id)).transpose()),
            phone: v.field(fields::phone("phone", &phone, region)),
            email: v.field(fields::email("email", &email)),
            first_name: v.field(fields::name("first_name", &first_name, 100)),
            last_name: v.field(fields::name("last_name", &last_name, 100)),
            preferred_language: v.field(fields::language_tag(
                "preferred_language",
                &preferred_language,
            )),
            preferences: v.field(fields::json("preferences_json", &preferences_json, true)),
            interests: v.field(fields::json("interests_json", &interests_json, false)),
        };
        let input = v.into_result(input).map_err(AppError::InvalidArgument)?;
        let (user, created) = super::upsert(&self.state.db, input, self.state.clock.now()).await?;
        Ok(Response::new(UpsertUserResponse {
            user: Some(to_proto(user)),
            created,
        }))
    }

    async fn get_user(
        &self,
        request: Request<GetUserRequest>,
    ) -> Result<Response<GetUserResponse>, Status> {
        let GetUserRequest { lookup } = request.into_inner();
        let key = match lookup {
            Some(Lookup::Id(id)) => UserKey::Id(ids::id("id", id).map_err(AppError::from)?),
            Some(Lookup::PhpUserId(id)) => {
                UserKey::PhpUserId(ids::id("php_user_id", id).map_err(AppError::from)?)
            }
            Some(Lookup::Phone(raw)) => {
                let region = self.state.settings.current().await.phone_default_region;
                let phone =
                    Phone::parse(&raw, region).map_err(|r| AppError::invalid("phone", r))?;
                UserKey::Phone(phone)
            }
            None => {
                return Err(
                    AppError::invalid("lookup", "set one of id, php_user_id or phone").into(),
                );
            }
        };
        let user = super::get(&self.state.db, key).await?;
        Ok(Response::new(GetUserResponse {
            user: Some(to_proto(user)),
        }))
    }
}

pub fn to_proto(user: User) -> proto::User {
    let json_text =
        |json: Option<serde_json::Value>| json.map(|j| j.to_string()).unwrap_or_default();
    proto::User {
        id: user.id,
        php_user_id: user.php_user_id,
        phone: user.phone.unwrap_or_default(),
        email: user.email.unwrap_or_default(),
        first_name: user.first_name.unwrap_or_default(),
        last_name: user.last_name.unwrap_or_default(),
        preferred_language: user.preferred_language.unwrap_or_default(),
        preferences_json: json_text(user.preferences),
        interests_json: json_text(user.interests),
        total_games_played: user.total_games_played,
        total_rewards_earned: format!("{:.2}", user.total_rewards_earned.0),
        loyalty_points: user.loyalty_points,
        create_time: Some(convert::timestamp(user.created_at)),
        update_time: Some(convert::timestamp(user.updated_at)),
        last_active_time: convert::opt_timestamp(user.last_active_at),
    }
}
