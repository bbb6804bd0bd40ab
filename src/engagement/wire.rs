//! Conversions between the engagement domain and its protobuf messages,
//! each destructuring the whole value so a new field fails to compile
//! until it is handled.
use super::{
    achievements::{
        Achievement, Listed, Progress, Texts,
        input::{RawAchievement, RawRule},
        rule::{Metric, Rule},
    },
    events::{PlayerEvent, StoredEvent},
    profile::Profile,
};
use crate::{
    convert,
    proto::{self, achievement_rule::Kind, player_event::Detail},
};

/// The fields CreateAchievement and UpdateAchievement share, as sent.
pub fn raw_achievement(
    name: Option<proto::LocalizedText>,
    description: Option<proto::LocalizedText>,
    rule: Option<proto::AchievementRule>,
    reward_points: i32,
    reward_amount: String,
    enabled: bool,
) -> RawAchievement {
    RawAchievement {
        name: texts(name),
        description: texts(description),
        rule: rule.and_then(|r| r.kind).map(rule_from_proto),
        reward_points,
        reward_amount,
        enabled,
    }
}

fn texts(text: Option<proto::LocalizedText>) -> Texts {
    let proto::LocalizedText { en, hi } = text.unwrap_or_default();
    Texts { en, hi }
}

fn localized(texts: Texts) -> proto::LocalizedText {
    let Texts { en, hi } = texts;
    proto::LocalizedText { en, hi }
}

fn metric_from_proto(metric: i32) -> Option<Metric> {
    match proto::AchievementMetric::try_from(metric).ok()? {
        proto::AchievementMetric::Unspecified => None,
        proto::AchievementMetric::Games => Some(Metric::Games),
        proto::AchievementMetric::GoldCorrect => Some(Metric::GoldCorrect),
        proto::AchievementMetric::PerfectGames => Some(Metric::PerfectGames),
        proto::AchievementMetric::DaysPlayed => Some(Metric::DaysPlayed),
    }
}

fn metric_to_proto(metric: Metric) -> i32 {
    let metric = match metric {
        Metric::Games => proto::AchievementMetric::Games,
        Metric::GoldCorrect => proto::AchievementMetric::GoldCorrect,
        Metric::PerfectGames => proto::AchievementMetric::PerfectGames,
        Metric::DaysPlayed => proto::AchievementMetric::DaysPlayed,
    };
    metric as i32
}

fn rule_from_proto(kind: Kind) -> RawRule {
    match kind {
        Kind::Count(proto::CountRule { metric, target }) => RawRule::Count {
            metric: metric_from_proto(metric),
            target,
        },
        Kind::InARow(proto::InARowRule { metric, target }) => RawRule::InARow {
            metric: metric_from_proto(metric),
            target,
        },
        Kind::WithinDays(proto::WithinDaysRule {
            metric,
            target,
            window_days,
        }) => RawRule::WithinDays {
            metric: metric_from_proto(metric),
            target,
            window_days,
        },
        Kind::GoldAccuracy(proto::GoldAccuracyRule {
            min_accuracy,
            min_answers,
        }) => RawRule::GoldAccuracy {
            min_accuracy,
            min_answers,
        },
        Kind::FirstInLanguage(proto::FirstInLanguageRule { language }) => {
            RawRule::FirstInLanguage { language }
        }
    }
}

fn rule_to_proto(rule: Rule) -> proto::AchievementRule {
    let kind = match rule {
        Rule::Count { metric, target } => Kind::Count(proto::CountRule {
            metric: metric_to_proto(metric),
            target,
        }),
        Rule::InARow { metric, target } => Kind::InARow(proto::InARowRule {
            metric: metric_to_proto(metric.metric()),
            target,
        }),
        Rule::WithinDays {
            metric,
            target,
            window_days,
        } => Kind::WithinDays(proto::WithinDaysRule {
            metric: metric_to_proto(metric),
            target,
            window_days,
        }),
        Rule::GoldAccuracy {
            min_accuracy,
            min_answers,
        } => Kind::GoldAccuracy(proto::GoldAccuracyRule {
            min_accuracy: min_accuracy.normalize().to_string(),
            min_answers,
        }),
        Rule::FirstInLanguage { language } => {
            Kind::FirstInLanguage(proto::FirstInLanguageRule { language })
        }
    };
    proto::AchievementRule { kind: Some(kind) }
}

fn money(amount: rust_decimal::Decimal) -> String {
    format!("{amount:.2}")
}

pub fn achievement_to_proto(a: Achievement, progress: Option<Progress>) -> proto::Achievement {
    let Achievement {
        id,
        key,
        name,
        description,
        rule,
        reward_points,
        reward_amount,
        enabled,
        created_at,
        updated_at,
    } = a;
    proto::Achievement {
        id,
        key,
        name: Some(localized(name)),
        description: Some(localized(description)),
        rule: Some(rule_to_proto(rule)),
        reward_loyalty_points: reward_points,
        reward_amount: reward_amount.map(money).unwrap_or_default(),
        enabled,
        create_time: Some(convert::timestamp(created_at)),
        update_time: Some(convert::timestamp(updated_at)),
        progress: progress.map(|p| proto::AchievementProgress {
            progress: p.progress,
            target: p.target,
            unlocked: p.unlocked_at.is_some(),
            unlock_time: convert::opt_timestamp(p.unlocked_at),
        }),
    }
}

pub fn listed_to_proto(listed: Listed) -> proto::Achievement {
    achievement_to_proto(listed.achievement, listed.progress)
}

pub fn profile_to_proto(profile: Profile) -> proto::PlayerProfile {
    let gold_accuracy = proto::GoldAccuracy {
        answered: profile.gold_answered,
        correct: profile.gold_correct,
        accuracy: profile
            .gold_accuracy()
            .map(|a| format!("{a:.4}"))
            .unwrap_or_default(),
    };
    let Profile {
        user_id,
        games_completed,
        total_score,
        loyalty_points,
        total_rewards_earned,
        streak,
        days_to_next_freeze,
        achievements,
        gold_answered: _,
        gold_correct: _,
        league,
    } = profile;
    proto::PlayerProfile {
        user_id,
        games_completed,
        total_score,
        loyalty_points,
        total_rewards_earned: money(total_rewards_earned),
        streak: Some(proto::PlayerStreak {
            current_days: streak.current,
            longest_days: streak.longest,
            freezes_held: streak.freezes,
            days_to_next_freeze,
            last_played_day: streak
                .last_day
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        }),
        achievements: achievements.into_iter().map(listed_to_proto).collect(),
        gold_accuracy: Some(gold_accuracy),
        league: league.map(league_to_proto),
    }
}

fn league_to_proto(standing: crate::leagues::Standing) -> proto::PlayerLeague {
    let crate::leagues::Standing {
        tier,
        language,
        week_start,
        rank,
        points,
        cohort_size,
    } = standing;
    proto::PlayerLeague {
        tier: tier.as_str().to_string(),
        week_start: Some(crate::convert::timestamp(week_start)),
        rank,
        points: i32::try_from(points).unwrap_or(i32::MAX),
        cohort_size,
        language,
        tier_name: Some(proto::LocalizedText {
            en: tier.name_en().to_string(),
            hi: tier.name_hi().to_string(),
        }),
    }
}

pub fn event_to_proto(stored: StoredEvent) -> proto::PlayerEvent {
    use proto::PlayerEventKind as K;
    let StoredEvent {
        id,
        user_id,
        event,
        text_en,
        text_hi,
        created_at,
    } = stored;
    let (kind, detail) = match event {
        None => (K::Unspecified, None),
        Some(PlayerEvent::AchievementUnlocked {
            key,
            name_en,
            name_hi,
            reward_points,
            reward_amount,
        }) => (
            K::AchievementUnlocked,
            Some(Detail::Achievement(proto::AchievementUnlockedDetail {
                key,
                name: Some(localized(Texts {
                    en: name_en,
                    hi: name_hi,
                })),
                reward_loyalty_points: reward_points,
                reward_amount: reward_amount.map(money).unwrap_or_default(),
            })),
        ),
        Some(PlayerEvent::StreakExtended { days, freezes_used }) => (
            K::StreakExtended,
            Some(Detail::Streak(proto::StreakDetail { days, freezes_used })),
        ),
        Some(PlayerEvent::StreakLost { days }) => (
            K::StreakLost,
            Some(Detail::Streak(proto::StreakDetail {
                days,
                freezes_used: 0,
            })),
        ),
        Some(PlayerEvent::Promoted { tier_from, tier_to }) => (
            K::Promoted,
            Some(Detail::League(proto::LeagueMoveDetail {
                tier_from,
                tier_to,
            })),
        ),
        Some(PlayerEvent::Demoted { tier_from, tier_to }) => (
            K::Demoted,
            Some(Detail::League(proto::LeagueMoveDetail {
                tier_from,
                tier_to,
            })),
        ),
    };
    proto::PlayerEvent {
        id,
        user_id,
        kind: kind as i32,
        text: Some(proto::LocalizedText {
            en: text_en,
            hi: text_hi,
        }),
        create_time: Some(convert::timestamp(created_at)),
        detail,
    }
}
