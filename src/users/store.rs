//! SQL for users.
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{User, UserInput, UserKey};
use crate::phone::Phone;
use crate::{
    db,
    entity::{amount::Amount, users},
    error::{AppError, AppResult},
};

pub async fn find(db: &impl ConnectionTrait, key: &UserKey) -> AppResult<Option<User>> {
    find_locking(db, key, false).await
}

/// Like [`find`], and locks the row until the transaction ends (PostgreSQL).
async fn find_for_update(db: &impl ConnectionTrait, key: &UserKey) -> AppResult<Option<User>> {
    find_locking(db, key, true).await
}

async fn find_locking(
    db: &impl ConnectionTrait,
    key: &UserKey,
    lock: bool,
) -> AppResult<Option<User>> {
    let select = match key {
        UserKey::Id(id) => users::Entity::find_by_id(*id),
        UserKey::PhpUserId(id) => users::Entity::find().filter(users::Column::PhpUserId.eq(*id)),
        UserKey::Phone(phone) => return find_by_phone(db, phone, lock).await,
    };
    let select = if lock {
        select.lock_exclusive()
    } else {
        select
    };
    Ok(select.one(db).await?)
}

/// The user with this number, however an older version or another
/// application spelled it (`phone` is UNIQUE per spelling only): the row
/// holding the E.164 form if there is one, else the oldest.
async fn find_by_phone(
    db: &impl ConnectionTrait,
    phone: &Phone,
    lock: bool,
) -> AppResult<Option<User>> {
    let select = users::Entity::find()
        .filter(users::Column::Phone.is_in(phone.spellings().iter().map(String::as_str)))
        .order_by_asc(users::Column::Id);
    let select = if lock {
        select.lock_exclusive()
    } else {
        select
    };
    let mut rows = select.all(db).await?;
    let canonical = rows
        .iter()
        .position(|u| u.phone.as_deref() == Some(phone.e164()))
        .unwrap_or(0);
    Ok((!rows.is_empty()).then(|| rows.swap_remove(canonical)))
}

/// Matches on php_user_id, then phone, inside one write transaction.
pub async fn upsert(
    db: &DatabaseConnection,
    input: &UserInput,
    now: NaiveDateTime,
) -> AppResult<(User, bool)> {
    let txn = db::begin_write(db).await?;
    let by_php = match input.php_user_id {
        Some(id) => find_for_update(&txn, &UserKey::PhpUserId(id)).await?,
        None => None,
    };
    let by_phone = match &input.phone {
        Some(phone) => find_by_phone(&txn, phone, true).await?,
        None => None,
    };
    let existing = match (by_php, by_phone) {
        (Some(a), Some(b)) if a.id != b.id => {
            return Err(phone_taken(input, b.id));
        }
        (Some(user), _) => Some(user),
        (None, Some(user)) => {
            if let (Some(theirs), Some(ours)) = (user.php_user_id, input.php_user_id)
                && theirs != ours
            {
                return Err(phone_taken(input, user.id));
            }
            Some(user)
        }
        (None, None) => None,
    };
    let created = existing.is_none();
    let mut model: users::ActiveModel = match existing {
        Some(user) => user.into(),
        None => users::ActiveModel {
            total_games_played: Set(0),
            total_rewards_earned: Set(Amount::default()),
            loyalty_points: Set(0),
            preferred_language: Set(Some("en".into())),
            created_at: Set(now),
            ..Default::default()
        },
    };
    apply(&mut model, input);
    model.updated_at = Set(now);
    let saved = if created {
        model.insert(&txn).await?
    } else {
        model.update(&txn).await?
    };
    txn.commit().await?;
    Ok((saved, created))
}

fn apply(model: &mut users::ActiveModel, input: &UserInput) {
    let UserInput {
        php_user_id,
        phone,
        email,
        first_name,
        last_name,
        preferred_language,
        preferences,
        interests,
    } = input;
    if php_user_id.is_some() {
        model.php_user_id = Set(*php_user_id);
    }
    macro_rules! keep_or_set {
        ($($field:ident),*) => {$(
            if let Some(value) = $field {
                model.$field = Set(Some(value.clone()));
            }
        )*};
    }
    if let Some(phone) = phone {
        model.phone = Set(Some(phone.e164().to_string()));
    }
    keep_or_set!(
        email,
        first_name,
        last_name,
        preferred_language,
        preferences,
        interests
    );
}

fn phone_taken(input: &UserInput, other_id: i32) -> AppError {
    let phone = input.phone.as_ref().map(Phone::masked).unwrap_or_default();
    AppError::AlreadyExists(format!(
        "phone {phone} belongs to user {other_id}, which has another php_user_id"
    ))
}
