//! SettingsService: converts requests, calls the settings module, converts back.
use tonic::{Request, Response, Status};

use super::{Setting, SettingChange, SettingType, UpdateRequest};
use crate::{
    auth, convert,
    proto::{
        self, GetSettingRequest, GetSettingResponse, ListSettingHistoryRequest,
        ListSettingHistoryResponse, ListSettingsRequest, ListSettingsResponse,
        UpdateSettingRequest, UpdateSettingResponse, settings_service_server::SettingsService,
    },
    state::AppState,
};

pub struct SettingsApi {
    state: AppState,
}

impl SettingsApi {
    pub fn new(state: AppState) -> SettingsApi {
        SettingsApi { state }
    }
}

#[tonic::async_trait]
impl SettingsService for SettingsApi {
    async fn list_settings(
        &self,
        request: Request<ListSettingsRequest>,
    ) -> Result<Response<ListSettingsResponse>, Status> {
        let ListSettingsRequest {
            category,
            page_size,
            page_token,
        } = request.into_inner();
        let (settings, next) =
            super::list(&self.state.db, &category, page_size, &page_token).await?;
        Ok(Response::new(ListSettingsResponse {
            settings: settings.into_iter().map(to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn get_setting(
        &self,
        request: Request<GetSettingRequest>,
    ) -> Result<Response<GetSettingResponse>, Status> {
        let GetSettingRequest { key } = request.into_inner();
        let setting = super::get(&self.state.settings, &key).await?;
        Ok(Response::new(GetSettingResponse {
            setting: Some(to_proto(setting)),
        }))
    }

    async fn update_setting(
        &self,
        request: Request<UpdateSettingRequest>,
    ) -> Result<Response<UpdateSettingResponse>, Status> {
        auth::require_admin(&request)?;
        let UpdateSettingRequest {
            key,
            value,
            updated_by,
            etag,
            reason,
        } = request.into_inner();
        let update = UpdateRequest {
            key,
            value,
            updated_by,
            etag,
            reason,
        };
        let setting = super::update(
            &self.state.db,
            &self.state.settings,
            update,
            self.state.clock.now(),
        )
        .await?;
        Ok(Response::new(UpdateSettingResponse {
            setting: Some(to_proto(setting)),
        }))
    }

    async fn list_setting_history(
        &self,
        request: Request<ListSettingHistoryRequest>,
    ) -> Result<Response<ListSettingHistoryResponse>, Status> {
        let ListSettingHistoryRequest {
            key,
            page_size,
            page_token,
        } = request.into_inner();
        let (changes, next) = super::history(&self.state.db, &key, page_size, &page_token).await?;
        Ok(Response::new(ListSettingHistoryResponse {
            changes: changes.into_iter().map(change_to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }
}

fn to_proto(setting: Setting) -> proto::Setting {
    let setting_type = match SettingType::parse(&setting.r#type) {
        Some(SettingType::Number) => proto::SettingType::Number,
        Some(SettingType::Boolean) => proto::SettingType::Boolean,
        Some(SettingType::Json) => proto::SettingType::Json,
        Some(SettingType::String) => proto::SettingType::String,
        None => proto::SettingType::Unspecified,
    };
    proto::Setting {
        etag: super::etag(&setting),
        key: setting.key,
        value: setting.value,
        r#type: setting_type as i32,
        description: setting.description.unwrap_or_default(),
        category: setting.category.unwrap_or_default(),
        update_time: convert::opt_timestamp(setting.updated_at),
        updated_by: setting.updated_by.unwrap_or_default(),
    }
}

fn change_to_proto(change: SettingChange) -> proto::SettingChange {
    proto::SettingChange {
        id: i64::from(change.id),
        key: change.setting_key,
        old_value: change.old_value,
        new_value: change.new_value,
        changed_by: change.changed_by,
        reason: change.reason.unwrap_or_default(),
        change_time: Some(convert::timestamp(change.changed_at)),
    }
}
