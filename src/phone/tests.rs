use super::*;

fn india(input: &str) -> Result<String, String> {
    normalize_e164(input, Region::INDIA)
}

#[test]
fn every_way_of_writing_an_indian_number_gives_one_e164_form() {
    let cases = [
        ("98123 45678", "+919812345678", "ten-digit mobile"),
        ("9812345678", "+919812345678", "digits only"),
        ("98123-45678", "+919812345678", "dashes"),
        ("098123 45678", "+919812345678", "trunk prefix"),
        (
            "(0) 98123 45678",
            "+919812345678",
            "trunk prefix in parentheses",
        ),
        ("+91 98123 45678", "+919812345678", "international"),
        (
            "+91-98123-45678",
            "+919812345678",
            "international with dashes",
        ),
        (
            "+91 0 98123 45678",
            "+919812345678",
            "country code and trunk prefix",
        ),
        ("+91 (0) 98123 45678", "+919812345678", "country code, (0)"),
        (
            "0091 98123 45678",
            "+919812345678",
            "international prefix 00",
        ),
        ("00 91 98123 45678", "+919812345678", "00 apart"),
        (
            "091 98123 45678",
            "+919812345678",
            "international prefix missing a 0",
        ),
        ("919812345678", "+919812345678", "country code without +"),
        (
            "+9109812345678",
            "+919812345678",
            "what older versions stored",
        ),
        (
            "  6912345678 ",
            "+916912345678",
            "mobiles start 6 to 9; spaces around",
        ),
        ("7012345678", "+917012345678", "a 7 mobile"),
        ("8012345678", "+918012345678", "an 8 mobile"),
        (
            "91176 15292",
            "+919117615292",
            "a mobile starting 91 is no country code",
        ),
        ("9123456789", "+919123456789", "another one"),
        (
            "011 2345 6789",
            "+911123456789",
            "Delhi landline with STD code",
        ),
        (
            "(011) 2345-6789",
            "+911123456789",
            "STD code in parentheses",
        ),
        ("022 2345 6789", "+912223456789", "Mumbai landline"),
        ("080-2345-6789", "+918023456789", "Bengaluru landline"),
        (
            "+91 11 2345 6789",
            "+911123456789",
            "landline, international",
        ),
        (
            "0091 011 2345 6789",
            "+911123456789",
            "landline, 00 and trunk prefix",
        ),
        ("+44 20 7946 0958", "+442079460958", "London"),
        ("0044 20 7946 0958", "+442079460958", "London with 00"),
        ("+44 (0)20 7946 0958", "+442079460958", "London with (0)"),
        ("+1 (415) 555-0100", "+14155550100", "San Francisco"),
    ];
    for (input, expected, why) in cases {
        assert_eq!(india(input).as_deref(), Ok(expected), "{why}: {input:?}");
    }
}

#[test]
fn what_is_no_phone_number_is_refused_with_a_reason() {
    let cases = [
        ("", "empty"),
        ("   ", "blank"),
        ("12345", "too short"),
        ("+91 98123 4567", "nine digits"),
        ("+91 98123 456789", "eleven digits"),
        ("98123x45678", "a letter"),
        ("9812345678 ext 12", "an extension"),
        ("91+9812345678", "+ inside"),
        ("+44 20 7946", "too short for its country"),
        ("0000000000", "zeros"),
        ("+999 12345678", "no such country code"),
    ];
    for (input, why) in cases {
        let got = india(input);
        assert!(got.is_err(), "{why}: {input:?} gave {got:?}");
    }
}

#[test]
fn the_default_region_reads_national_numbers() {
    let uk: Region = "gb".parse().expect("a region");
    assert_eq!(
        normalize_e164("020 7946 0958", uk).as_deref(),
        Ok("+442079460958")
    );
    assert_eq!(
        normalize_e164("+91 98123 45678", uk).as_deref(),
        Ok("+919812345678"),
        "a country code wins over the region"
    );
    for bad in ["", "XX", "India", "91"] {
        assert!(bad.parse::<Region>().is_err(), "{bad:?} is no region");
    }
    assert_eq!(Region::INDIA.to_string(), "IN");
}

#[test]
fn spellings_of_a_number_parse_back_to_it() {
    let phone = Phone::parse("98123 45678", Region::INDIA).expect("valid");
    let spellings = phone.spellings();
    assert_eq!(spellings[0], "+919812345678");
    for form in [
        "919812345678",
        "00919812345678",
        "+91 98123 45678",
        "9812345678",
        "09812345678",
        "+9109812345678",
    ] {
        assert!(
            spellings.iter().any(|s| s == form),
            "{form} missing from {spellings:?}"
        );
    }
    for form in spellings {
        assert_eq!(india(form).as_deref(), Ok("+919812345678"), "{form}");
    }
    let london = Phone::parse("+44 20 7946 0958", Region::INDIA).expect("valid");
    assert!(
        !london.spellings().iter().any(|s| s == "2079460958"),
        "no national forms for a foreign number: {:?}",
        london.spellings()
    );
}

#[test]
fn masking_keeps_only_the_last_four_digits() {
    assert_eq!(masked("+919812345678"), "*********5678");
}

/// A property over random numbers: every way of writing one number gives
/// the same answer (the same E.164 form, or a refusal for a number in a
/// range no operator has), and each of its spellings reads back to it.
#[test]
fn all_forms_of_a_random_number_agree() {
    const PREFIXES: [&str; 11] = [
        "", "0", "+91", "+91 0", "0091", "0091 ", "091", "91", "+91-", "(0)", "+91 (0) ",
    ];
    const SEPARATORS: [&str; 4] = ["", " ", "-", " - "];
    let mut rng = fastrand::Rng::with_seed(2026);
    for _ in 0..200 {
        let first = char::from(rng.u8(b'1'..=b'9'));
        let rest: String = (0..9)
            .filter_map(|_| char::from_digit(rng.u32(0..10), 10))
            .collect();
        let national = format!("{first}{rest}");
        let (head, tail) = national.split_at(5);
        let expected = india(&national).ok();
        if let Some(e164) = &expected {
            assert_eq!(e164, &format!("+91{national}"));
            let phone = Phone::parse(e164, Region::INDIA).expect("valid");
            for form in phone.spellings() {
                assert_eq!(india(form).ok().as_ref(), Some(e164), "spelling {form}");
            }
        }
        for prefix in PREFIXES {
            let separator = SEPARATORS[rng.usize(..SEPARATORS.len())];
            let written = format!("{prefix}{head}{separator}{tail}");
            assert_eq!(india(&written).ok(), expected, "{written:?} vs {national}");
        }
    }
}
