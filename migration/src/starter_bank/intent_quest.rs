//! intent_quest: a customer message; the options are intents.
//! `game_type|difficulty|context|message|intent|options`

pub const EN: &str = r#"
intent_quest|easy||Good morning!|greeting|greeting;weather_forecast;order_food
intent_quest|easy||Hello, anyone there?|greeting|greeting;complaint;track_order
intent_quest|easy||Hey there, good evening!|greeting|greeting;complaint;order_food
intent_quest|easy||I want to order 2 masala dosas|order_food|order_food;book_table;track_order
intent_quest|easy||Send me one veg thali please|order_food|order_food;cancel_order;greeting
intent_quest|easy||Get me a large paneer pizza|order_food|order_food;refund_request;change_address
intent_quest|easy||Has my order left the restaurant yet?|track_order|track_order;order_food;refund_request
intent_quest|easy||How far away is the delivery guy?|track_order|track_order;change_address;greeting
intent_quest|easy||Cancel my order please|cancel_order|cancel_order;order_food;book_table
intent_quest|easy||I don't want the biryani anymore, cancel it|cancel_order|cancel_order;order_food;weather_forecast
intent_quest|easy||I want a refund for my order|refund_request|refund_request;order_food;greeting
intent_quest|easy||An item was missing, please return my money|refund_request|refund_request;track_order;book_table
intent_quest|easy||Reserve a table for 2 tomorrow at 9 pm|book_table|book_table;order_food;cancel_order
intent_quest|easy||Change my delivery address to Whitefield|change_address|change_address;cancel_order;greeting
intent_quest|easy||Will it rain in Mumbai today?|weather_forecast|weather_forecast;small_talk;order_food
intent_quest|easy||What's the weather like in Delhi tomorrow?|weather_forecast|weather_forecast;track_order;greeting
intent_quest|easy||Recharge my Jio number with the 299 plan|mobile_recharge|mobile_recharge;payment_issue;order_food
intent_quest|easy||Do a 199 recharge on my Airtel prepaid|mobile_recharge|mobile_recharge;refund_request;greeting
intent_quest|easy||My UPI payment failed|payment_issue|payment_issue;order_food;greeting
intent_quest|easy||The food was stale, I want to complain|complaint|complaint;order_food;greeting
intent_quest|easy||Add one more roti to my order|modify_order|modify_order;cancel_order;track_order
intent_quest|easy||Tell me a joke|small_talk|small_talk;order_food;track_order
intent_quest|medium||I paid through PhonePe but the app still says payment pending|payment_issue|payment_issue;refund_request;track_order;complaint
intent_quest|medium||Money got debited but the order failed, please send it back to my account|refund_request|refund_request;payment_issue;cancel_order;complaint
intent_quest|medium||Instead of the paneer roll, make it a chicken roll|modify_order|modify_order;cancel_order;order_food;complaint
intent_quest|medium||Can you remove the onions from my burger order?|modify_order|modify_order;complaint;cancel_order;order_food
intent_quest|medium||Which recharge plan gives 2 GB a day for 84 days?|mobile_recharge|mobile_recharge;payment_issue;small_talk;weather_forecast
intent_quest|medium||Is it going to be too hot for a picnic at Lodhi Garden on Sunday?|weather_forecast|weather_forecast;book_table;small_talk;order_food
intent_quest|medium||We are 6 people, any chance of a table by the window at 8?|book_table|book_table;order_food;change_address;modify_order
intent_quest|medium||The rider took it to my old flat, please send it to Sector 62 now|change_address|change_address;track_order;complaint;cancel_order
intent_quest|medium||Two things were missing from my grocery bag, I want the money for them back|refund_request|refund_request;complaint;modify_order;track_order
intent_quest|medium||The delivery guy was rude and threw the parcel at my door|complaint|complaint;refund_request;track_order;cancel_order
intent_quest|medium||It's been an hour, is my food even coming?|track_order|track_order;complaint;cancel_order;order_food
intent_quest|medium||Send the same thali as yesterday, just a little extra raita|order_food|order_food;modify_order;track_order;book_table
intent_quest|medium||I placed the order by mistake, stop it before they start cooking|cancel_order|cancel_order;modify_order;refund_request;track_order
intent_quest|medium||Bored at work, just felt like chatting|small_talk|small_talk;greeting;complaint;order_food
intent_quest|medium||Namaste, I'm new here, what all can you do?|greeting|greeting;small_talk;order_food;book_table
intent_quest|medium||The UPI app shows two payments for one bill, which one went through?|payment_issue|payment_issue;refund_request;complaint;order_food
intent_quest|medium||I'm not home, leave it at the security cabin instead of my flat|change_address|change_address;cancel_order;track_order;complaint
intent_quest|medium||Put the 155 plan on my mother's Vi number, I'll pay by UPI|mobile_recharge|mobile_recharge;payment_issue;order_food;small_talk
intent_quest|medium||Need a table for my parents' anniversary dinner on Saturday|book_table|book_table;order_food;greeting;small_talk
intent_quest|medium||My card got declined twice while paying for the cake|payment_issue|payment_issue;complaint;order_food;cancel_order
intent_quest|hard||Been staring at the map for 20 minutes and the bike icon hasn't moved|track_order|track_order;complaint;cancel_order;change_address
intent_quest|hard||The rice was fine, but whoever packed the dal needs a lesson in lids|complaint|complaint;refund_request;modify_order;order_food
intent_quest|hard||Actually make that a large, and swap the coke for a lassi|modify_order|modify_order;order_food;cancel_order;complaint
intent_quest|hard||Eight of us landing at 9, can you hold something for us at Toit?|book_table|book_table;order_food;track_order;change_address
intent_quest|hard||Should I carry an umbrella to office tomorrow?|weather_forecast|weather_forecast;small_talk;order_food;track_order
intent_quest|hard||Validity is over and I can't even make calls, just put the usual 299|mobile_recharge|mobile_recharge;complaint;payment_issue;refund_request
intent_quest|hard||The amount got deducted but the restaurant says they never received it|payment_issue|payment_issue;refund_request;complaint;track_order
intent_quest|hard||I'll be at a friend's place in Powai by then, can the rider come there?|change_address|change_address;track_order;book_table;order_food
intent_quest|hard||No need to rush it, I've already eaten something else|cancel_order|cancel_order;track_order;complaint;small_talk
intent_quest|hard||A 600 rupee bill for two cold samosas, I expect every paisa back|refund_request|refund_request;complaint;cancel_order;payment_issue
intent_quest|hard||Same as always for Sunday breakfast, you know what I like|order_food|order_food;book_table;modify_order;small_talk
intent_quest|hard||Just checking in, long day huh?|small_talk|small_talk;greeting;complaint;track_order
intent_quest|hard||Is it still coming or should I start cooking myself?|track_order|track_order;cancel_order;complaint;order_food
intent_quest|hard||Oh lovely, a third reminder to rate a meal that never reached me|complaint|complaint;track_order;refund_request;small_talk
intent_quest|hard||The paneer is fine but my kid can't have nuts, can the kitchen skip the cashew gravy?|modify_order|modify_order;complaint;order_food;cancel_order
intent_quest|hard||Data ran out in the middle of a meeting, top it up with anything under 300|mobile_recharge|mobile_recharge;payment_issue;complaint;small_talk
intent_quest|hard||GPay says transaction successful but your app is asking me to pay again|payment_issue|payment_issue;refund_request;order_food;complaint
intent_quest|hard||Is Marine Drive going to be a washout this evening or can we go for a walk?|weather_forecast|weather_forecast;small_talk;book_table;change_address
intent_quest|hard||Hey, long time! Missed your biryani recommendations|greeting|greeting;small_talk;order_food;complaint
intent_quest|hard||The order is for my sister now, she's in Lajpat Nagar, I'll send her flat number|change_address|change_address;modify_order;order_food;track_order
intent_quest|hard||Undo whatever just happened, I pressed pay by mistake|cancel_order|cancel_order;refund_request;payment_issue;modify_order
intent_quest|hard||Find us a quiet place for a business lunch near BKC tomorrow|book_table|book_table;order_food;weather_forecast;change_address
"#;

pub const HI: &str = r#"
intent_quest|easy||सुप्रभात!|greeting|greeting;weather_forecast;order_food
intent_quest|easy||हैलो, कोई है?|greeting|greeting;complaint;track_order
intent_quest|easy||नमस्कार, शुभ संध्या!|greeting|greeting;complaint;order_food
intent_quest|easy||मुझे दो मसाला डोसा ऑर्डर करने हैं|order_food|order_food;book_table;track_order
intent_quest|easy||एक वेज थाली भेज दीजिए|order_food|order_food;cancel_order;greeting
intent_quest|easy||एक बड़ा पनीर पिज़्ज़ा मँगवा दो|order_food|order_food;refund_request;change_address
intent_quest|easy||मेरा ऑर्डर रेस्टोरेंट से निकला या नहीं?|track_order|track_order;order_food;refund_request
intent_quest|easy||डिलीवरी वाला अभी कितनी दूर है?|track_order|track_order;change_address;greeting
intent_quest|easy||मेरा ऑर्डर कैंसल कर दो|cancel_order|cancel_order;order_food;book_table
intent_quest|easy||बिरयानी अब नहीं चाहिए, ऑर्डर रद्द कर दो|cancel_order|cancel_order;order_food;weather_forecast
intent_quest|easy||मुझे अपने ऑर्डर का रिफ़ंड चाहिए|refund_request|refund_request;order_food;greeting
intent_quest|easy||सामान कम आया, मेरे पैसे वापस करो|refund_request|refund_request;track_order;book_table
intent_quest|easy||कल रात 9 बजे दो लोगों के लिए टेबल बुक कर दो|book_table|book_table;order_food;cancel_order
intent_quest|easy||डिलीवरी का पता बदलकर व्हाइटफ़ील्ड कर दो|change_address|change_address;cancel_order;greeting
intent_quest|easy||क्या आज मुंबई में बारिश होगी?|weather_forecast|weather_forecast;small_talk;order_food
intent_quest|easy||कल दिल्ली का मौसम कैसा रहेगा?|weather_forecast|weather_forecast;track_order;greeting
intent_quest|easy||मेरे जियो नंबर पर 299 वाला रिचार्ज कर दो|mobile_recharge|mobile_recharge;payment_issue;order_food
intent_quest|easy||एयरटेल प्रीपेड पर 199 का रिचार्ज करना है|mobile_recharge|mobile_recharge;refund_request;greeting
intent_quest|easy||मेरा यूपीआई पेमेंट फ़ेल हो गया|payment_issue|payment_issue;order_food;greeting
intent_quest|easy||खाना बासी था, मुझे शिकायत करनी है|complaint|complaint;order_food;greeting
intent_quest|easy||मेरे ऑर्डर में एक रोटी और जोड़ दो|modify_order|modify_order;cancel_order;track_order
intent_quest|easy||कोई चुटकुला सुनाओ|small_talk|small_talk;order_food;track_order
intent_quest|medium||फ़ोनपे से पेमेंट कर दिया पर ऐप में अभी भी पेमेंट पेंडिंग दिख रहा है|payment_issue|payment_issue;refund_request;track_order;complaint
intent_quest|medium||खाते से पैसे कट गए पर ऑर्डर फ़ेल हो गया, पैसे वापस भेजो|refund_request|refund_request;payment_issue;cancel_order;complaint
intent_quest|medium||पनीर रोल की जगह चिकन रोल कर दो|modify_order|modify_order;cancel_order;order_food;complaint
intent_quest|medium||मेरे बर्गर में से प्याज़ हटा सकते हो क्या?|modify_order|modify_order;complaint;cancel_order;order_food
intent_quest|medium||कौन सा रिचार्ज प्लान 84 दिन तक रोज़ 2 जीबी देता है?|mobile_recharge|mobile_recharge;payment_issue;small_talk;weather_forecast
intent_quest|medium||रविवार को लोधी गार्डन में पिकनिक के लिए ज़्यादा गर्मी तो नहीं होगी?|weather_forecast|weather_forecast;book_table;small_talk;order_food
intent_quest|medium||हम 6 लोग हैं, 8 बजे खिड़की वाली टेबल मिल सकती है?|book_table|book_table;order_food;change_address;modify_order
intent_quest|medium||राइडर पुराने फ़्लैट पर ले गया, अभी सेक्टर 62 भेजो|change_address|change_address;track_order;complaint;cancel_order
intent_quest|medium||राशन के थैले में दो चीज़ें नहीं थीं, उनके पैसे लौटाओ|refund_request|refund_request;complaint;modify_order;track_order
intent_quest|medium||डिलीवरी वाले ने बदतमीज़ी की और पार्सल दरवाज़े पर फेंक दिया|complaint|complaint;refund_request;track_order;cancel_order
intent_quest|medium||एक घंटा हो गया, खाना आएगा भी या नहीं?|track_order|track_order;complaint;cancel_order;order_food
intent_quest|medium||कल वाली थाली ही भेजो, बस रायता थोड़ा ज़्यादा|order_food|order_food;modify_order;track_order;book_table
intent_quest|medium||गलती से ऑर्डर हो गया, बनाने से पहले रोक दो|cancel_order|cancel_order;modify_order;refund_request;track_order
intent_quest|medium||ऑफिस में बोर हो रहा हूँ, बस ऐसे ही बात करनी है|small_talk|small_talk;greeting;complaint;order_food
intent_quest|medium||नमस्ते, मैं यहाँ नया हूँ, आप क्या-क्या कर सकते हो?|greeting|greeting;small_talk;order_food;book_table
intent_quest|medium||यूपीआई ऐप में एक बिल के दो पेमेंट दिख रहे हैं, कौन सा हुआ?|payment_issue|payment_issue;refund_request;complaint;order_food
intent_quest|medium||मैं घर पर नहीं हूँ, फ़्लैट की जगह सिक्योरिटी केबिन पर दे देना|change_address|change_address;cancel_order;track_order;complaint
intent_quest|medium||मम्मी के वीआई नंबर पर 155 वाला प्लान डाल दो, पेमेंट यूपीआई से करूँगा|mobile_recharge|mobile_recharge;payment_issue;order_food;small_talk
intent_quest|medium||शनिवार को मम्मी-पापा की सालगिरह के डिनर के लिए टेबल चाहिए|book_table|book_table;order_food;greeting;small_talk
intent_quest|medium||केक का पेमेंट करते वक़्त मेरा कार्ड दो बार डिक्लाइन हो गया|payment_issue|payment_issue;complaint;order_food;cancel_order
intent_quest|hard||बीस मिनट से मैप देख रहा हूँ, बाइक वाला आइकन हिला तक नहीं|track_order|track_order;complaint;cancel_order;change_address
intent_quest|hard||चावल ठीक था, पर दाल जिसने पैक की उसे ढक्कन लगाना सिखाओ|complaint|complaint;refund_request;modify_order;order_food
intent_quest|hard||अरे वो लार्ज कर देना, और कोक की जगह लस्सी|modify_order|modify_order;order_food;cancel_order;complaint
intent_quest|hard||हम आठ लोग 9 बजे पहुँच रहे हैं, टोइट में हमारे लिए जगह रोक के रखोगे?|book_table|book_table;order_food;track_order;change_address
intent_quest|hard||कल ऑफिस छाता लेकर जाऊँ क्या?|weather_forecast|weather_forecast;small_talk;order_food;track_order
intent_quest|hard||वैलिडिटी ख़त्म, कॉल तक नहीं लग रही, वही हमेशा वाला 299 डाल दो|mobile_recharge|mobile_recharge;complaint;payment_issue;refund_request
intent_quest|hard||पैसे कट गए पर रेस्टोरेंट कह रहा है उन्हें मिले ही नहीं|payment_issue|payment_issue;refund_request;complaint;track_order
intent_quest|hard||तब तक मैं पवई में दोस्त के यहाँ रहूँगा, राइडर वहीं आ सकता है?|change_address|change_address;track_order;book_table;order_food
intent_quest|hard||कोई जल्दी नहीं, मैंने कुछ और खा लिया है|cancel_order|cancel_order;track_order;complaint;small_talk
intent_quest|hard||600 रुपये के बिल में दो ठंडे समोसे, मुझे एक-एक पैसा वापस चाहिए|refund_request|refund_request;complaint;cancel_order;payment_issue
intent_quest|hard||संडे के नाश्ते में हमेशा वाला ही, आपको तो पता है मुझे क्या पसंद है|order_food|order_food;book_table;modify_order;small_talk
intent_quest|hard||बस हालचाल पूछ रहा था, आज का दिन लंबा था ना?|small_talk|small_talk;greeting;complaint;track_order
intent_quest|hard||आ रहा है या मैं खुद खाना बनाना शुरू कर दूँ?|track_order|track_order;cancel_order;complaint;order_food
intent_quest|hard||वाह, जो खाना पहुँचा ही नहीं उसे रेट करने का तीसरा रिमाइंडर|complaint|complaint;track_order;refund_request;small_talk
intent_quest|hard||पनीर ठीक है पर बच्चे को नट्स नहीं चलते, काजू वाली ग्रेवी हटा सकते हैं?|modify_order|modify_order;complaint;order_food;cancel_order
intent_quest|hard||मीटिंग के बीच में डेटा ख़त्म हो गया, 300 से कम वाला कुछ भी डाल दो|mobile_recharge|mobile_recharge;payment_issue;complaint;small_talk
intent_quest|hard||जीपे पर ट्रांज़ैक्शन सक्सेसफ़ुल दिख रहा है पर आपका ऐप फिर से पेमेंट माँग रहा है|payment_issue|payment_issue;refund_request;order_food;complaint
intent_quest|hard||आज शाम मरीन ड्राइव पर टहलने जा सकते हैं या सब धुल जाएगा?|weather_forecast|weather_forecast;small_talk;book_table;change_address
intent_quest|hard||अरे, बड़े दिनों बाद! आपकी बिरयानी वाली सलाह की याद आ रही थी|greeting|greeting;small_talk;order_food;complaint
intent_quest|hard||ऑर्डर अब मेरी बहन के लिए है, वो लाजपत नगर में है, फ़्लैट नंबर भेजता हूँ|change_address|change_address;modify_order;order_food;track_order
intent_quest|hard||जो भी अभी हुआ उसे वापस लो, गलती से पे दब गया|cancel_order|cancel_order;refund_request;payment_issue;modify_order
intent_quest|hard||कल बीकेसी के पास बिज़नेस लंच के लिए कोई शांत जगह बुक कर दो|book_table|book_table;order_food;weather_forecast;change_address
"#;
