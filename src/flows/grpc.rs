//! FlowService: converts requests, calls the flows module, converts back.
use tonic::{Request, Response, Status};

use super::{Flow, FlowFilter};
use crate::{
    auth, convert,
    proto::{
        self, ListFlowsRequest, ListFlowsResponse, SetFlowEnabledRequest, SetFlowEnabledResponse,
        SetFlowSystemCriticalRequest, SetFlowSystemCriticalResponse,
        flow_service_server::FlowService,
    },
    state::AppState,
};

pub struct FlowsApi {
    state: AppState,
}

impl FlowsApi {
    pub fn new(state: AppState) -> FlowsApi {
        FlowsApi { state }
    }
}

#[tonic::async_trait]
impl FlowService for FlowsApi {
    async fn list_flows(
        &self,
        request: Request<ListFlowsRequest>,
    ) -> Result<Response<ListFlowsResponse>, Status> {
        let ListFlowsRequest {
            page_size,
            page_token,
            module,
            enabled,
            system_critical,
        } = request.into_inner();
        let filter = FlowFilter {
            module: (!module.is_empty()).then_some(module),
            enabled,
            system_critical,
        };
        let (flows, next) = super::list(&self.state.db, filter, page_size, &page_token).await?;
        Ok(Response::new(ListFlowsResponse {
            flows: flows.into_iter().map(to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn set_flow_enabled(
        &self,
        request: Request<SetFlowEnabledRequest>,
    ) -> Result<Response<SetFlowEnabledResponse>, Status> {
        auth::require_admin(&request)?;
        let SetFlowEnabledRequest { flow_id, enabled } = request.into_inner();
        let flow =
            super::set_enabled(&self.state.db, &flow_id, enabled, self.state.clock.now()).await?;
        Ok(Response::new(SetFlowEnabledResponse {
            flow: Some(to_proto(flow)),
        }))
    }

    async fn set_flow_system_critical(
        &self,
        request: Request<SetFlowSystemCriticalRequest>,
    ) -> Result<Response<SetFlowSystemCriticalResponse>, Status> {
        auth::require_admin(&request)?;
        let SetFlowSystemCriticalRequest {
            flow_id,
            system_critical,
        } = request.into_inner();
        let flow = super::set_system_critical(
            &self.state.db,
            &flow_id,
            system_critical,
            self.state.clock.now(),
        )
        .await?;
        Ok(Response::new(SetFlowSystemCriticalResponse {
            flow: Some(to_proto(flow)),
        }))
    }
}

fn to_proto(flow: Flow) -> proto::Flow {
    proto::Flow {
        id: flow.id,
        name: flow.name,
        description: flow.description.unwrap_or_default(),
        module: flow.module,
        trigger: flow.trigger.unwrap_or_default(),
        version: flow.version,
        enabled: flow.enabled,
        status: flow.status,
        system_critical: flow.system_critical.unwrap_or(false),
        create_time: Some(convert::timestamp(flow.created_at)),
        update_time: convert::opt_timestamp(flow.updated_at),
    }
}
