//! `league_weeks`: a week with leagues in it, `open` until closed once.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "league_weeks")]
pub struct Model {
    /// Monday 00:00 in `day_timezone`, as UTC.
    #[sea_orm(primary_key, auto_increment = false)]
    pub week_start: DateTime,
    /// The next Monday 00:00: when the week may close.
    pub week_end: DateTime,
    /// `open` or `closed`.
    pub status: String,
    pub closed_at: Option<DateTime>,
    pub promoted: i32,
    pub demoted: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
