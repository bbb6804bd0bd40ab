//! The starter question bank: a food-delivery / shopping chat assistant in
//! India, in English and Hindi (Devanagari), for each game type.
//!
//! One question per line: `game_type|difficulty|context|question|answer|options`,
//! with `options` separated by `;`. What the fields hold depends on the game:
//! - `intent_quest`: the question is a customer message, the options are 3-4
//!   intent labels, the answer is one of them.
//! - `tone_detective`: the same, with tones as options.
//! - `entity_hunter`: the context names the entity to find (`dish`, `place`,
//!   `quantity`, `time`), the question is the message, the answer the entity.
//!   The options are *not* choices shown to the player (the game is free
//!   text): they are the other spellings also accepted as correct, possibly
//!   none. Keeping them in `answer_options` avoids a column of its own.
//! - `language_master`, two kinds. A phrasing prompt asks the player to
//!   phrase a request in the session's language; the answer is the intent
//!   the phrasing must carry; there are no options (NULL). A gold fill-in
//!   ("Fill the gap: ...") has a known answer; its options are the accepted
//!   answers (the answer included), checked like entity_hunter's.
//!
//! An optional seventh field holds extra tags, separated by `;`, e.g.
//! `forbid:order` on a phrasing prompt that must not use the word "order".
//!
//! Intent and tone labels stay English snake_case in every language: they are
//! the NLU model's labels, not text shown as is.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarterQuestion {
    pub game_type: &'static str,
    pub language: &'static str,
    pub difficulty: &'static str,
    pub context: Option<&'static str>,
    pub text: &'static str,
    pub answer: &'static str,
    /// `None` is stored as NULL, `Some` as a JSON array (maybe empty).
    pub options: Option<Vec<&'static str>>,
    /// Tags besides `starter` and the game type.
    pub tags: Vec<&'static str>,
}

impl StarterQuestion {
    /// `answer_options` as JSON text.
    pub fn options_json(&self) -> Option<String> {
        let options = self.options.as_ref()?;
        let items: Vec<String> = options.iter().map(|o| json_string(o)).collect();
        Some(format!("[{}]", items.join(",")))
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every starter question, English first.
pub fn starter_questions() -> Vec<StarterQuestion> {
    let en = EN.lines().filter_map(|line| parse("en", line));
    let hi = HI.lines().filter_map(|line| parse("hi", line));
    en.chain(hi).collect()
}

/// One line of a table in the format above; `None` for a blank line.
pub(crate) fn parse(language: &'static str, line: &'static str) -> Option<StarterQuestion> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let fields: Vec<&'static str> = line.split('|').collect();
    let (game_type, difficulty, context, text, answer, options, tags) = match fields[..] {
        [g, d, c, t, a, o] => (g, d, c, t, a, o, ""),
        [g, d, c, t, a, o, tags] => (g, d, c, t, a, o, tags),
        _ => panic!("a starter question needs 6 or 7 fields: {line}"),
    };
    let options = match (game_type, options) {
        ("language_master", "") => None,
        (_, "") => Some(Vec::new()),
        (_, options) => Some(options.split(';').collect()),
    };
    let tags = tags.split(';').filter(|t| !t.is_empty()).collect();
    let context = (!context.is_empty()).then_some(context);
    Some(StarterQuestion {
        game_type,
        language,
        difficulty,
        context,
        text,
        answer,
        options,
        tags,
    })
}

const EN: &str = r#"
intent_quest|easy||Hi there!|greeting|greeting;order_food;complaint
intent_quest|easy||I want to order a chicken biryani|order_food|order_food;track_order;book_table
intent_quest|easy||Where is my order?|track_order|track_order;cancel_order;greeting
intent_quest|medium||Please cancel the pizza I ordered ten minutes ago|cancel_order|cancel_order;refund_request;track_order;order_food
intent_quest|medium||The delivery boy is 40 minutes late, how much longer?|track_order|track_order;complaint;cancel_order;change_address
intent_quest|medium||Book a table for four at 8 pm tonight|book_table|book_table;order_food;greeting;change_address
intent_quest|medium||Deliver to my office in Andheri instead of home|change_address|change_address;track_order;order_food;cancel_order
intent_quest|medium||My money was deducted twice for one order, I want it back|refund_request|refund_request;complaint;cancel_order;track_order
intent_quest|hard||The paneer was cold and the packet was torn, this is the third time|complaint|complaint;refund_request;cancel_order;order_food
intent_quest|hard||Can you send the same thing I ordered last Friday?|order_food|order_food;track_order;book_table;greeting
intent_quest|hard||Forget the dosa, I'm not even home anymore|cancel_order|cancel_order;change_address;complaint;track_order
tone_detective|easy||Thank you so much, the food was amazing!|happy|happy;angry;sad
tone_detective|easy||This is the worst service ever. Never ordering again!|angry|angry;happy;neutral
tone_detective|easy||Please deliver to gate number 2.|neutral|neutral;urgent;angry
tone_detective|medium||I need the medicines delivered in the next 20 minutes, please hurry|urgent|urgent;angry;neutral;confused
tone_detective|medium||I don't understand, why does the app show two different prices?|confused|confused;angry;neutral;sad
tone_detective|medium||My order got cancelled again and I was really looking forward to it|sad|sad;angry;confused;neutral
tone_detective|medium||Can I pay with UPI at the door?|neutral|neutral;confused;urgent;happy
tone_detective|medium||Wow, delivered in 15 minutes! You guys are the best|happy|happy;urgent;neutral;confused
tone_detective|hard||Great, cold fries again. Just what I wanted.|angry|angry;happy;neutral;sad
tone_detective|hard||Is it the blue button or the green one? I pressed both and now there are two orders|confused|confused;angry;urgent;sad
tone_detective|hard||Guests arrive in ten minutes and the cake still isn't here!|urgent|urgent;angry;sad;confused
entity_hunter|easy|dish|I want a masala dosa|masala dosa|masala dosai
entity_hunter|easy|quantity|Send 3 cold coffees|3|three
entity_hunter|easy|place|Deliver it to Koramangala|Koramangala|Koramangla
entity_hunter|medium|dish|Can I get two plates of paneer tikka with extra chutney?|paneer tikka|paneer tika;panir tikka
entity_hunter|medium|place|Please change the address to Noida Sector 18|Noida Sector 18|Sector 18 Noida;Sector 18
entity_hunter|medium|time|Book a table for tomorrow at 7:30 pm|7:30 pm|7.30 pm;19:30;7:30
entity_hunter|medium|quantity|I need half a kilo of gulab jamun for the party|half a kilo|500 g;500 grams;0.5 kg
entity_hunter|medium|place|Pick up my order from the Indiranagar outlet|Indiranagar|Indira Nagar
entity_hunter|hard|dish|The chole bhature you sent yesterday was great, send the same again|chole bhature|chole bhatura;chhole bhature
entity_hunter|hard|time|Deliver it after my meeting ends, around quarter past six|quarter past six|6:15;6:15 pm;18:15
entity_hunter|hard|place|Not the Bandra flat, deliver to my parents' place in Thane|Thane|
language_master|easy||How would you ask to order a pizza?|order_food|
language_master|easy||How would you ask where your order is?|track_order|
language_master|easy||How would you greet the assistant?|greeting|
language_master|medium||How would you ask to cancel your order?|cancel_order|
language_master|medium||How would you ask for your money back for a missing item?|refund_request|
language_master|medium||How would you ask to book a table for two tonight?|book_table|
language_master|medium||How would you ask to deliver your order to a different address?|change_address|
language_master|medium||How would you complain that your food arrived cold?|complaint|
language_master|hard||Without using the word 'cancel', how would you say you no longer want your order?|cancel_order|
language_master|hard||How would you politely ask for a refund because you were charged twice?|refund_request|
language_master|hard||The delivery person went to the wrong building: how would you ask to send the order to your office instead?|change_address|
"#;

const HI: &str = r#"
intent_quest|easy||नमस्ते!|greeting|greeting;order_food;complaint
intent_quest|easy||मुझे एक चिकन बिरयानी ऑर्डर करनी है|order_food|order_food;track_order;book_table
intent_quest|easy||मेरा ऑर्डर कहाँ है?|track_order|track_order;cancel_order;greeting
intent_quest|medium||दस मिनट पहले वाला पिज़्ज़ा ऑर्डर कैंसल कर दो|cancel_order|cancel_order;refund_request;track_order;order_food
intent_quest|medium||डिलीवरी वाला 40 मिनट लेट है, और कितना समय लगेगा?|track_order|track_order;complaint;cancel_order;change_address
intent_quest|medium||आज रात 8 बजे चार लोगों के लिए टेबल बुक करो|book_table|book_table;order_food;greeting;change_address
intent_quest|medium||घर की जगह अंधेरी वाले ऑफिस में डिलीवर करना|change_address|change_address;track_order;order_food;cancel_order
intent_quest|medium||एक ऑर्डर के लिए पैसे दो बार कट गए, मुझे वापस चाहिए|refund_request|refund_request;complaint;cancel_order;track_order
intent_quest|hard||पनीर ठंडा था और पैकेट फटा हुआ था, ये तीसरी बार हुआ है|complaint|complaint;refund_request;cancel_order;order_food
intent_quest|hard||पिछले शुक्रवार वाला ही ऑर्डर फिर से भेज दो|order_food|order_food;track_order;book_table;greeting
intent_quest|hard||डोसा रहने दो, मैं अब घर पर नहीं हूँ|cancel_order|cancel_order;change_address;complaint;track_order
tone_detective|easy||बहुत बहुत धन्यवाद, खाना बहुत स्वादिष्ट था!|happy|happy;angry;sad
tone_detective|easy||इतनी घटिया सर्विस! अब कभी ऑर्डर नहीं करूँगा!|angry|angry;happy;neutral
tone_detective|easy||कृपया गेट नंबर 2 पर डिलीवर करें।|neutral|neutral;urgent;angry
tone_detective|medium||दवाइयाँ अगले 20 मिनट में चाहिए, जल्दी भेजो|urgent|urgent;angry;neutral;confused
tone_detective|medium||समझ नहीं आया, ऐप में दो अलग-अलग दाम क्यों दिख रहे हैं?|confused|confused;angry;neutral;sad
tone_detective|medium||मेरा ऑर्डर फिर से कैंसल हो गया, मैं उसका इंतज़ार कर रहा था|sad|sad;angry;confused;neutral
tone_detective|medium||क्या मैं दरवाज़े पर UPI से पेमेंट कर सकता हूँ?|neutral|neutral;confused;urgent;happy
tone_detective|medium||वाह, 15 मिनट में डिलीवरी! आप लोग कमाल हो|happy|happy;urgent;neutral;confused
tone_detective|hard||वाह, फिर से ठंडे फ्राइज़। बिल्कुल यही तो चाहिए था।|angry|angry;happy;neutral;sad
tone_detective|hard||नीला बटन दबाना था या हरा? दोनों दबा दिए, अब दो ऑर्डर हो गए|confused|confused;angry;urgent;sad
tone_detective|hard||मेहमान दस मिनट में आ रहे हैं और केक अभी तक नहीं आया!|urgent|urgent;angry;sad;confused
entity_hunter|easy|dish|मुझे मसाला डोसा चाहिए|मसाला डोसा|masala dosa
entity_hunter|easy|quantity|3 कोल्ड कॉफ़ी भेज दो|3|तीन;three
entity_hunter|easy|place|कोरमंगला में डिलीवर कर दो|कोरमंगला|Koramangala
entity_hunter|medium|dish|क्या दो प्लेट पनीर टिक्का एक्स्ट्रा चटनी के साथ मिल सकता है?|पनीर टिक्का|पनीर टिका;paneer tikka
entity_hunter|medium|place|पता बदलकर नोएडा सेक्टर 18 कर दो|नोएडा सेक्टर 18|सेक्टर 18 नोएडा;Noida Sector 18
entity_hunter|medium|time|कल शाम 7:30 बजे के लिए टेबल बुक करो|7:30 बजे|7:30;साढ़े सात बजे;19:30
entity_hunter|medium|quantity|पार्टी के लिए आधा किलो गुलाब जामुन चाहिए|आधा किलो|500 ग्राम;0.5 किलो
entity_hunter|medium|place|इंदिरानगर वाले आउटलेट से मेरा ऑर्डर उठा लो|इंदिरानगर|इंदिरा नगर;Indiranagar
entity_hunter|hard|dish|कल जो छोले भटूरे भेजे थे वो बढ़िया थे, वही फिर से भेज दो|छोले भटूरे|छोले भटूरा;chole bhature
entity_hunter|hard|time|मेरी मीटिंग के बाद, करीब सवा छह बजे डिलीवर करना|सवा छह बजे|सवा छह;6:15
entity_hunter|hard|place|बांद्रा वाले फ्लैट पर नहीं, ठाणे में मम्मी-पापा के घर भेजो|ठाणे|Thane
language_master|easy||आप पिज़्ज़ा ऑर्डर करने के लिए कैसे कहेंगे?|order_food|
language_master|easy||आप कैसे पूछेंगे कि आपका ऑर्डर कहाँ है?|track_order|
language_master|easy||आप असिस्टेंट को नमस्ते कैसे कहेंगे?|greeting|
language_master|medium||आप अपना ऑर्डर कैंसल करने के लिए कैसे कहेंगे?|cancel_order|
language_master|medium||कोई आइटम नहीं आया, आप पैसे वापस कैसे माँगेंगे?|refund_request|
language_master|medium||आज रात दो लोगों के लिए टेबल बुक करने को आप कैसे कहेंगे?|book_table|
language_master|medium||ऑर्डर दूसरे पते पर भेजने के लिए आप कैसे कहेंगे?|change_address|
language_master|medium||खाना ठंडा आया, आप इसकी शिकायत कैसे करेंगे?|complaint|
language_master|hard||'कैंसल' शब्द इस्तेमाल किए बिना आप कैसे कहेंगे कि अब आपको ऑर्डर नहीं चाहिए?|cancel_order|
language_master|hard||दो बार पैसे कटने पर आप विनम्रता से रिफ़ंड कैसे माँगेंगे?|refund_request|
language_master|hard||डिलीवरी वाला गलत बिल्डिंग में चला गया, आप ऑर्डर ऑफिस भेजने को कैसे कहेंगे?|change_address|
"#;
