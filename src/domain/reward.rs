//! `game_sessions.rewards_earned`, read in one place. The games room writes
//! it and shows it; the rewards room pays it. Both read its money part with
//! [`Earned::parse`], which fails closed: an amount that cannot be read is
//! an error, never zero, so it is shown as unreadable and never paid.
use rust_decimal::Decimal;

/// The money part of `game_sessions.rewards_earned`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earned {
    pub amount: Decimal,
    pub currency: String,
    pub loyalty_points: i32,
}

impl Earned {
    /// The same, from the column read as text; None (no reward) is an error
    /// too, for callers that need one.
    pub fn parse_text(text: Option<&str>) -> Result<Earned, String> {
        let text = text.ok_or("rewards_earned is empty")?;
        let json = serde_json::from_str(text)
            .map_err(|error| format!("rewards_earned is not JSON: {error}"))?;
        Earned::parse(&json)
    }

    /// Reads `{"amount": "12.00", "currency": "INR", "loyalty_points": 30, ...}`.
    /// The amount is a decimal string (a JSON number is accepted too); it must
    /// be non-negative with at most two decimal places.
    pub fn parse(json: &serde_json::Value) -> Result<Earned, String> {
        let amount = match json.get("amount") {
            Some(serde_json::Value::String(text)) => text.trim().parse::<Decimal>().ok(),
            Some(serde_json::Value::Number(n)) => n.to_string().parse::<Decimal>().ok(),
            _ => None,
        }
        .ok_or("rewards_earned.amount is missing or not a decimal")?;
        if amount.is_sign_negative() || amount.normalize().scale() > 2 {
            return Err(format!(
                "rewards_earned.amount {amount} is not a money amount"
            ));
        }
        let currency = json
            .get("currency")
            .and_then(|c| c.as_str())
            .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()))
            .ok_or("rewards_earned.currency is missing or not an ISO 4217 code")?;
        let loyalty_points = json
            .get("loyalty_points")
            .and_then(|p| p.as_i64())
            .and_then(|p| i32::try_from(p).ok())
            .unwrap_or(0);
        Ok(Earned {
            amount: amount.round_dp(2),
            currency: currency.to_string(),
            loyalty_points,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rewards_earned_is_read_exactly_and_bad_amounts_refused() {
        let earned =
            Earned::parse(&json!({"amount": "12.00", "currency": "INR", "loyalty_points": 30}))
                .expect("valid");
        assert_eq!(earned.amount.to_string(), "12.00");
        assert_eq!(earned.loyalty_points, 30);
        for bad in [
            json!({"amount": "-1.00", "currency": "INR"}),
            json!({"amount": "1.005", "currency": "INR"}),
            json!({"amount": "abc", "currency": "INR"}),
            json!({"amount": "1.00", "currency": "rupees"}),
            json!({"currency": "INR"}),
        ] {
            assert!(Earned::parse(&bad).is_err(), "{bad}");
        }
    }
}
