use super::*;

fn names() -> Names {
    Names::new(["Ravi Kumar", "Priya", "राहुल", "Ram", "Jo", "Sharma-Iyer"])
}

#[test]
fn personal_data_becomes_placeholders_in_english_and_hindi() {
    let cases = [
        (
            "an Indian mobile with a space",
            "call me on 98123 45678 please",
            "call me on [phone] please",
        ),
        (
            "with +91 and dashes",
            "my no. +91-98123-45678, call",
            "my no. [phone], call",
        ),
        (
            "with a leading 0",
            "ring 098123 45678 at the gate",
            "ring [phone] at the gate",
        ),
        (
            "a landline with STD code",
            "office (022) 2345 6789 only",
            "office [phone] only",
        ),
        (
            "international",
            "UK number +44 20 7946 0958 works",
            "UK number [phone] works",
        ),
        (
            "US style",
            "or +1 (415) 555-2671 tonight",
            "or [phone] tonight",
        ),
        (
            "Devanagari digits",
            "मेरा नंबर ९८१२३४५६७८ है",
            "मेरा नंबर [phone] है",
        ),
        (
            "an email",
            "mail ravi.k@gmail.com the bill",
            "mail [email] the bill",
        ),
        ("a UPI id", "pay to 98123@ybl now", "pay to [upi] now"),
        (
            "a link",
            "see https://bit.ly/abc123. thanks",
            "see [url]. thanks",
        ),
        (
            "a bare domain",
            "order from swiggy.com/rest/42 today",
            "order from [url] today",
        ),
        (
            "an order id",
            "order ORD123456789 is late",
            "order [number] is late",
        ),
        (
            "a pincode",
            "deliver to 560034 area",
            "deliver to [number] area",
        ),
        (
            "nine digits are no phone",
            "ref 123456789 failed",
            "ref [number] failed",
        ),
        (
            "names as whole words",
            "This is Ravi KUMAR, send biryani",
            "This is [name] [name], send biryani",
        ),
        (
            "a hyphenated surname",
            "for Mrs Sharma-Iyer at gate 2",
            "for Mrs [name]-[name] at gate 2",
        ),
        (
            "a Hindi name",
            "मैं राहुल बोल रहा हूँ, 9876543210 पर कॉल करो",
            "मैं [name] बोल रहा हूँ, [phone] पर कॉल करो",
        ),
        (
            "whitespace collapsed",
            "  two   samosas\n please ",
            "two samosas please",
        ),
    ];
    for (what, input, expected) in cases {
        assert_eq!(scrub(input, &names()).text, expected, "{what}");
    }
}

#[test]
fn ordinary_numbers_words_and_short_names_stay() {
    let cases = [
        (
            "times, quantities, amounts",
            "deliver at 7:30 pm, 2 kg, ₹1,299 and 1,00,000",
        ),
        ("a date", "book for 14/02/2026 please"),
        ("a name inside a word", "ramen and ravioli please"),
        ("names under three letters", "Jo, send it"),
        ("four digits", "table 1234 is ours"),
        ("Hindi with numbers", "कल शाम 7:30 बजे 3 पिज़्ज़ा भेजो"),
    ];
    for (what, input) in cases {
        let scrubbed = scrub(input, &names());
        assert_eq!(scrubbed.text, input.trim(), "{what}");
        assert_eq!(scrubbed.placeholders, 0, "{what}");
    }
}

#[test]
fn a_message_made_mostly_of_personal_data_or_too_short_is_unusable() {
    let cases = [
        (
            "only a phone",
            "9812345678",
            Err(Unusable::MostlyPlaceholders),
        ),
        (
            "a name and a number",
            "call Ravi at 9812345678",
            Err(Unusable::MostlyPlaceholders),
        ),
        (
            "Hindi, mostly data",
            "राहुल 9812345678 ravi@ybl",
            Err(Unusable::MostlyPlaceholders),
        ),
        ("a greeting", "hi", Err(Unusable::TooShort)),
        ("one long word", "hellooooooo", Err(Unusable::TooShort)),
        ("two short words", "ok bye", Err(Unusable::TooShort)),
        ("a request", "Please cancel my order", Ok(())),
        (
            "a request with a phone",
            "call me on 9812345678 when you reach the gate",
            Ok(()),
        ),
        ("Hindi", "मेरा ऑर्डर कहाँ है?", Ok(())),
    ];
    for (what, input, expected) in cases {
        assert_eq!(scrub(input, &names()).usable(), expected, "{what}");
    }
}

#[test]
fn counts_describe_what_is_left() {
    let scrubbed = scrub("Ravi here, call 9812345678", &names());
    assert_eq!(scrubbed.text, "[name] here, call [phone]");
    assert_eq!(
        (scrubbed.placeholders, scrubbed.words, scrubbed.letters),
        (2, 2, 8)
    );
}

#[test]
fn every_pattern_compiles() {
    assert_eq!(PATTERNS.len(), 6);
    assert!(WORD.is_match("word"));
}
