//! language_master, two kinds per difficulty, prompts first:
//! - phrasing prompts: the answer is the intent the player's phrasing must
//!   carry, no options; a `forbid:<word>` tag (seventh field) is a rule the
//!   context states ("Without using the word 'order'");
//! - gold fill-ins: one gap (`___`), a known answer, the accepted answers as
//!   options (the answer among them).
//!
//! `game_type|difficulty|context|prompt|intent or answer|accepted|tags`

pub const EN: &str = r#"
language_master|easy||How would you ask for two plates of chole bhature?|order_food|
language_master|easy||How would you ask when your groceries will arrive?|track_order|
language_master|easy||How would you say good morning to the assistant?|greeting|
language_master|easy||How would you ask to recharge your phone with the 299 plan?|mobile_recharge|
language_master|easy||How would you ask about tomorrow's weather in Pune?|weather_forecast|
language_master|easy||How would you ask to add an extra roti to your order?|modify_order|
language_master|easy||How would you ask for a table for four on Saturday night?|book_table|
language_master|easy||How would you say that your payment did not go through?|payment_issue|
language_master|easy||Your drink spilled in the bag: how would you ask for your money back?|refund_request|
language_master|easy||How would you tell the assistant your food was far too spicy?|complaint|
language_master|easy||How would you ask to stop an order you placed a minute ago?|cancel_order|
language_master|easy||How would you ask to have your order sent to your office?|change_address|
language_master|easy||How would you ask the assistant how its day is going?|small_talk|
language_master|easy||Fill the gap: 'Please ___ my order, I don't need it any more.'|cancel|cancel;call off
language_master|easy||Fill the gap: 'Where is my ___? It was supposed to arrive at 8.'|order|order;food;parcel;delivery
language_master|easy||Fill the gap: 'Good morning! Can you help me ___ lunch?'|order|order;get
language_master|easy||Fill the gap: 'I want to ___ a table for two at 8 pm.'|book|book;reserve
language_master|easy||Fill the gap: 'Please ___ my phone with the 199 plan.'|recharge|recharge;top up
language_master|easy||Fill the gap: 'Will it ___ in Chennai today? Should I carry an umbrella?'|rain|rain;pour
language_master|easy||Fill the gap: 'My UPI payment ___, but the money was deducted.'|failed|failed;declined
language_master|easy||Fill the gap: 'The money was deducted twice, I want a ___.'|refund|refund
language_master|easy||Fill the gap: 'Please ___ one more samosa to my order.'|add|add
language_master|medium||How would you ask to change the delivery address to a friend's place?|change_address|
language_master|medium||How would you complain that your order came with an item missing?|complaint|
language_master|medium||How would you ask why your UPI payment has shown pending for an hour?|payment_issue|
language_master|medium||How would you ask for a refund for a cake that arrived crushed?|refund_request|
language_master|medium||How would you ask to swap the fries in your order for a salad?|modify_order|
language_master|medium||How would you ask whether it will be too windy for a rooftop dinner tonight?|weather_forecast|
language_master|medium||How would you ask for a table by the window for a birthday?|book_table|
language_master|medium||How would you greet the assistant on Diwali?|greeting|
language_master|medium|Without using the word 'order'|How would you ask where your food has reached?|track_order||forbid:order
language_master|medium|Without using the word 'recharge'|How would you ask to put the 239 plan on your mother's number?|mobile_recharge||forbid:recharge
language_master|medium|Without using the word 'book'|How would you ask to reserve a table for six this Friday?|book_table||forbid:book
language_master|medium||Fill the gap: 'My order is 40 minutes late, please ___ it fast.'|deliver|deliver;send;bring
language_master|medium||Fill the gap: 'Please change the delivery ___ to Sector 21, Noida.'|address|address;location
language_master|medium||Fill the gap: 'They sent paneer instead of chicken, I want to ___ a complaint.'|file|file;raise;register;lodge
language_master|medium||Fill the gap: 'Can you ___ the onions from my pizza?'|remove|remove;skip;leave out
language_master|medium||Fill the gap: 'The payment was ___ twice from my account.'|deducted|deducted;debited;taken
language_master|medium||Fill the gap: 'What is the ___ forecast for Bengaluru this weekend?'|weather|weather
language_master|medium||Fill the gap: 'I have a ___ code, where do I apply it?'|coupon|coupon;promo;discount;voucher
language_master|medium||Fill the gap: 'My prepaid ___ expires tomorrow, which plan should I take?'|validity|validity;pack;plan
language_master|medium||Fill the gap: 'The delivery ___ called me but I couldn't find him.'|partner|partner;boy;guy;person;executive;agent
language_master|hard|Without using the word 'refund'|How would you ask to get back the money for an item that never arrived?|refund_request||forbid:refund
language_master|hard|Without using the word 'late'|How would you complain that your food took over an hour to come?|complaint||forbid:late
language_master|hard|Without using the word 'address'|How would you tell the rider to come to your neighbour's house instead?|change_address||forbid:address
language_master|hard|Without using the word 'payment'|How would you say the app took your money but still shows the bill unpaid?|payment_issue||forbid:payment
language_master|hard|Without using the word 'rain'|How would you ask whether you will need an umbrella this evening?|weather_forecast||forbid:rain
language_master|hard|Without using the word 'hello'|How would you greet the assistant like an old friend?|greeting||forbid:hello
language_master|hard||How would you politely ask to turn a chicken biryani into a veg one after ordering?|modify_order|
language_master|hard||Without naming the dish, how would you ask for the same thing you ordered last Sunday?|order_food|
language_master|hard||How would you complain, politely but firmly, that the rider was rude?|complaint|
language_master|hard||How would you ask for a quiet corner table for a business lunch at 1 pm?|book_table|
language_master|hard||In one short sentence, how would you ask to top up your data pack while travelling?|mobile_recharge|
language_master|hard||Your order has said 'preparing' for 45 minutes: how would you ask what is going on?|track_order|
language_master|hard||How would you chat with the assistant about last night's cricket match, asking for nothing?|small_talk|
language_master|hard||Fill the gap: 'The biryani was ___: the rice was hard and the chicken raw.'|undercooked|undercooked;uncooked;half-cooked
language_master|hard||Fill the gap: 'I was charged twice, please ___ the extra amount to my UPI.'|refund|refund;return;reverse;credit
language_master|hard||Fill the gap: 'The rider marked it delivered, but I never ___ it.'|received|received;got
language_master|hard||Fill the gap: 'Please ___ my booking from 7 to 8 pm, we are running late.'|shift|shift;move;change;reschedule;push
language_master|hard||Fill the gap: 'The app keeps showing payment ___ even though the money left my account.'|pending|pending;failed
language_master|hard||Fill the gap: 'Is there a ___ warning for Mumbai today? I have to travel to Pune.'|rain|rain;heavy rain;storm;flood;cyclone
language_master|hard||Fill the gap: 'My plan ran out mid-call; ___ my number with anything under 300.'|recharge|recharge;top up
language_master|hard||Fill the gap: 'Skip the cheese and ___ extra jalapeños instead.'|add|add;put
language_master|hard||Fill the gap: 'I'm not at home, can you leave the parcel with the ___ at the gate?'|guard|guard;security;watchman;security guard
"#;

pub const HI: &str = r#"
language_master|easy||आप दो प्लेट छोले भटूरे मँगवाने के लिए कैसे कहेंगे?|order_food|
language_master|easy||आप कैसे पूछेंगे कि आपका राशन कब तक आएगा?|track_order|
language_master|easy||आप असिस्टेंट को सुप्रभात कैसे कहेंगे?|greeting|
language_master|easy||अपने फ़ोन पर 299 वाला रिचार्ज करवाने के लिए आप कैसे कहेंगे?|mobile_recharge|
language_master|easy||आप कल पुणे के मौसम के बारे में कैसे पूछेंगे?|weather_forecast|
language_master|easy||अपने ऑर्डर में एक एक्स्ट्रा रोटी जोड़ने के लिए आप कैसे कहेंगे?|modify_order|
language_master|easy||शनिवार रात चार लोगों की टेबल के लिए आप कैसे कहेंगे?|book_table|
language_master|easy||आप कैसे बताएँगे कि आपका पेमेंट नहीं हुआ?|payment_issue|
language_master|easy||थैले में ड्रिंक गिर गई, आप उसके पैसे वापस कैसे माँगेंगे?|refund_request|
language_master|easy||खाना बहुत तीखा था, आप असिस्टेंट को ये कैसे बताएँगे?|complaint|
language_master|easy||अभी-अभी किया ऑर्डर रुकवाने के लिए आप कैसे कहेंगे?|cancel_order|
language_master|easy||अपना ऑर्डर ऑफिस भिजवाने के लिए आप कैसे कहेंगे?|change_address|
language_master|easy||आप असिस्टेंट से कैसे पूछेंगे कि उसका दिन कैसा जा रहा है?|small_talk|
language_master|easy||खाली जगह भरें: 'मेरा ऑर्डर ___ कर दीजिए, अब मुझे नहीं चाहिए।'|रद्द|रद्द;कैंसल
language_master|easy||खाली जगह भरें: 'मेरा ___ कहाँ है? आठ बजे तक आना था।'|ऑर्डर|ऑर्डर;खाना;पार्सल
language_master|easy||खाली जगह भरें: 'सुप्रभात! क्या आप लंच ___ करने में मदद करेंगे?'|ऑर्डर|ऑर्डर
language_master|easy||खाली जगह भरें: 'रात 8 बजे दो लोगों के लिए टेबल ___ करनी है।'|बुक|बुक;रिज़र्व
language_master|easy||खाली जगह भरें: 'मेरे फ़ोन में 199 वाला ___ कर दो।'|रिचार्ज|रिचार्ज;रीचार्ज
language_master|easy||खाली जगह भरें: 'क्या आज चेन्नई में ___ होगी? छाता ले जाऊँ?'|बारिश|बारिश;बरसात
language_master|easy||खाली जगह भरें: 'मेरा यूपीआई पेमेंट ___ हो गया, पर पैसे कट गए।'|फ़ेल|फ़ेल;फेल;असफल
language_master|easy||खाली जगह भरें: 'पैसे दो बार कट गए, मुझे ___ चाहिए।'|रिफ़ंड|रिफ़ंड;रिफंड;पैसे वापस
language_master|easy||खाली जगह भरें: 'मेरे ऑर्डर में एक समोसा और ___ दो।'|जोड़|जोड़;डाल
language_master|medium||डिलीवरी का पता दोस्त के घर का करवाने के लिए आप कैसे कहेंगे?|change_address|
language_master|medium||ऑर्डर में एक चीज़ कम आई, आप इसकी शिकायत कैसे करेंगे?|complaint|
language_master|medium||यूपीआई पेमेंट एक घंटे से पेंडिंग है, आप इसके बारे में कैसे पूछेंगे?|payment_issue|
language_master|medium||केक दबा हुआ आया, आप रिफ़ंड कैसे माँगेंगे?|refund_request|
language_master|medium||ऑर्डर में फ्राइज़ की जगह सलाद करवाने के लिए आप कैसे कहेंगे?|modify_order|
language_master|medium||आज रात छत पर डिनर के लिए हवा ज़्यादा तो नहीं होगी, ये आप कैसे पूछेंगे?|weather_forecast|
language_master|medium||जन्मदिन के लिए खिड़की के पास वाली टेबल आप कैसे माँगेंगे?|book_table|
language_master|medium||दिवाली पर आप असिस्टेंट का अभिवादन कैसे करेंगे?|greeting|
language_master|medium|'ऑर्डर' शब्द इस्तेमाल किए बिना|आप कैसे पूछेंगे कि आपका खाना कहाँ तक पहुँचा?|track_order||forbid:ऑर्डर
language_master|medium|'रिचार्ज' शब्द इस्तेमाल किए बिना|मम्मी के नंबर पर 239 वाला प्लान डलवाने के लिए आप कैसे कहेंगे?|mobile_recharge||forbid:रिचार्ज
language_master|medium|'बुक' शब्द इस्तेमाल किए बिना|इस शुक्रवार छह लोगों की टेबल पक्की करने के लिए आप कैसे कहेंगे?|book_table||forbid:बुक
language_master|medium||खाली जगह भरें: 'ऑर्डर 40 मिनट लेट है, प्लीज़ ___ भेजिए।'|जल्दी|जल्दी;फटाफट
language_master|medium||खाली जगह भरें: 'डिलीवरी का ___ बदलकर सेक्टर 21, नोएडा कर दीजिए।'|पता|पता;एड्रेस
language_master|medium||खाली जगह भरें: 'चिकन की जगह पनीर भेज दिया, मुझे ___ दर्ज करनी है।'|शिकायत|शिकायत;कंप्लेंट
language_master|medium||खाली जगह भरें: 'मेरे पिज़्ज़ा से प्याज़ ___ सकते हैं क्या?'|हटा|हटा;निकाल
language_master|medium||खाली जगह भरें: 'मेरे खाते से पैसे दो बार ___ गए।'|कट|कट
language_master|medium||खाली जगह भरें: 'इस वीकेंड बेंगलुरु का ___ कैसा रहेगा?'|मौसम|मौसम;वेदर
language_master|medium||खाली जगह भरें: 'मेरे पास एक ___ कोड है, इसे कहाँ लगाऊँ?'|कूपन|कूपन;प्रोमो;डिस्काउंट
language_master|medium||खाली जगह भरें: 'मेरे प्रीपेड की ___ कल ख़त्म हो रही है, कौन सा प्लान लूँ?'|वैलिडिटी|वैलिडिटी;वैधता
language_master|medium||खाली जगह भरें: 'डिलीवरी ___ ने फ़ोन किया पर मुझे वो मिला नहीं।'|वाले|वाले;बॉय;पार्टनर
language_master|hard|'रिफ़ंड' शब्द इस्तेमाल किए बिना|जो चीज़ आई ही नहीं, उसके पैसे वापस पाने के लिए आप कैसे कहेंगे?|refund_request||forbid:रिफ़ंड
language_master|hard|'लेट' शब्द इस्तेमाल किए बिना|खाना आने में एक घंटे से ज़्यादा लगा, आप इसकी शिकायत कैसे करेंगे?|complaint||forbid:लेट
language_master|hard|'पता' शब्द इस्तेमाल किए बिना|राइडर को पड़ोसी के घर आने के लिए आप कैसे कहेंगे?|change_address||forbid:पता
language_master|hard|'पेमेंट' शब्द इस्तेमाल किए बिना|ऐप ने पैसे ले लिए पर बिल अनपेड दिखा रहा है, ये आप कैसे बताएँगे?|payment_issue||forbid:पेमेंट
language_master|hard|'बारिश' शब्द इस्तेमाल किए बिना|आज शाम छाते की ज़रूरत पड़ेगी या नहीं, ये आप कैसे पूछेंगे?|weather_forecast||forbid:बारिश
language_master|hard|'नमस्ते' शब्द इस्तेमाल किए बिना|आप असिस्टेंट का अभिवादन पुराने दोस्त की तरह कैसे करेंगे?|greeting||forbid:नमस्ते
language_master|hard||ऑर्डर के बाद चिकन बिरयानी को वेज बिरयानी में बदलवाने के लिए आप विनम्रता से कैसे कहेंगे?|modify_order|
language_master|hard||डिश का नाम लिए बिना, पिछले संडे वाला ऑर्डर दोबारा मँगवाने के लिए आप कैसे कहेंगे?|order_food|
language_master|hard||राइडर ने बदतमीज़ी की, आप विनम्र पर सख़्त लहजे में शिकायत कैसे करेंगे?|complaint|
language_master|hard||दोपहर 1 बजे बिज़नेस लंच के लिए शांत कोने वाली टेबल आप कैसे माँगेंगे?|book_table|
language_master|hard||सफ़र में एक छोटे से वाक्य में डेटा पैक टॉप-अप करने को आप कैसे कहेंगे?|mobile_recharge|
language_master|hard||ऑर्डर 45 मिनट से 'तैयार हो रहा है' पर अटका है, आप क्या चल रहा है ये कैसे पूछेंगे?|track_order|
language_master|hard||कुछ माँगे बिना, असिस्टेंट से कल रात के क्रिकेट मैच पर गपशप कैसे करेंगे?|small_talk|
language_master|hard||खाली जगह भरें: 'बिरयानी ___ थी, चावल सख़्त थे और चिकन कच्चा।'|अधपकी|अधपकी;कच्ची;अधकच्ची
language_master|hard||खाली जगह भरें: 'दो बार पैसे कटे, एक्स्ट्रा रकम मेरे यूपीआई में ___ कर दीजिए।'|वापस|वापस;रिफ़ंड;रिफंड;क्रेडिट
language_master|hard||खाली जगह भरें: 'राइडर ने डिलीवर्ड मार्क कर दिया, पर मुझे ___ ही नहीं।'|मिला|मिला;मिली
language_master|hard||खाली जगह भरें: 'हम लेट हो रहे हैं, मेरी बुकिंग 7 से 8 बजे ___ कर दीजिए।'|शिफ़्ट|शिफ़्ट;शिफ्ट;आगे;चेंज
language_master|hard||खाली जगह भरें: 'खाते से पैसे कट गए फिर भी ऐप पेमेंट ___ दिखा रहा है।'|पेंडिंग|पेंडिंग;फ़ेल;फेल
language_master|hard||खाली जगह भरें: 'क्या आज मुंबई के लिए भारी बारिश की ___ है? मुझे पुणे जाना है।'|चेतावनी|चेतावनी;वॉर्निंग;अलर्ट
language_master|hard||खाली जगह भरें: 'कॉल के बीच में प्लान ख़त्म हो गया, 300 से कम वाला कोई भी ___ डाल दो।'|रिचार्ज|रिचार्ज;प्लान;पैक
language_master|hard||खाली जगह भरें: 'चीज़ मत डालना, उसकी ___ एक्स्ट्रा हालापीनो डाल देना।'|जगह|जगह;बजाय
language_master|hard||खाली जगह भरें: 'मैं घर पर नहीं हूँ, पार्सल गेट पर ___ को दे देना।'|गार्ड|गार्ड;चौकीदार;वॉचमैन;सिक्योरिटी
"#;
