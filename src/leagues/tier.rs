//! League tiers, lowest first, and what a week's close does to a player.
use crate::domain::text_enum;

text_enum! {
    /// A league tier. Every player starts in Bronze.
    Tier {
        Bronze = "bronze",
        Silver = "silver",
        Gold = "gold",
        Sapphire = "sapphire",
        Ruby = "ruby",
        Emerald = "emerald",
        Amethyst = "amethyst",
        Pearl = "pearl",
        Obsidian = "obsidian",
        Diamond = "diamond",
    }
}

impl Tier {
    /// 1 for Bronze … 10 for Diamond.
    pub fn level(self) -> i32 {
        Tier::ALL
            .iter()
            .position(|t| *t == self)
            .map_or(1, |i| crate::convert::count(i).saturating_add(1))
    }

    pub fn is_lowest(self) -> bool {
        self == Tier::ALL[0]
    }

    pub fn is_highest(self) -> bool {
        Tier::ALL.last() == Some(&self)
    }

    /// The tier a player moves to after `outcome` (never past either end).
    pub fn after(self, outcome: Outcome) -> Tier {
        let i = Tier::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let j = match outcome {
            Outcome::Promoted => (i + 1).min(Tier::ALL.len() - 1),
            Outcome::Demoted => i.saturating_sub(1),
            Outcome::Stayed => i,
        };
        Tier::ALL[j]
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Tier::Bronze => "Bronze",
            Tier::Silver => "Silver",
            Tier::Gold => "Gold",
            Tier::Sapphire => "Sapphire",
            Tier::Ruby => "Ruby",
            Tier::Emerald => "Emerald",
            Tier::Amethyst => "Amethyst",
            Tier::Pearl => "Pearl",
            Tier::Obsidian => "Obsidian",
            Tier::Diamond => "Diamond",
        }
    }

    pub fn name_hi(self) -> &'static str {
        match self {
            Tier::Bronze => "कांस्य",
            Tier::Silver => "रजत",
            Tier::Gold => "स्वर्ण",
            Tier::Sapphire => "नीलम",
            Tier::Ruby => "माणिक",
            Tier::Emerald => "पन्ना",
            Tier::Amethyst => "जामुनिया",
            Tier::Pearl => "मोती",
            Tier::Obsidian => "ऑब्सीडियन",
            Tier::Diamond => "हीरा",
        }
    }
}

text_enum! {
    /// What a week's close did to a player.
    Outcome {
        Promoted = "promoted",
        Demoted = "demoted",
        Stayed = "stayed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stop_at_either_end() {
        assert_eq!(Tier::Bronze.after(Outcome::Demoted), Tier::Bronze);
        assert_eq!(Tier::Bronze.after(Outcome::Promoted), Tier::Silver);
        assert_eq!(Tier::Diamond.after(Outcome::Promoted), Tier::Diamond);
        assert_eq!(Tier::Silver.after(Outcome::Demoted), Tier::Bronze);
        assert_eq!(
            (Tier::Bronze.level(), Tier::Diamond.level()),
            (1, 10),
            "levels count from one"
        );
    }
}
