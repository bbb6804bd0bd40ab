//! tone_detective: a customer message; the options are tones (happy,
//! angry, urgent, confused, neutral, sad). Hard ones are sarcastic or
//! resigned, where the words say one thing and the tone another.
//! `game_type|difficulty|context|message|tone|options`

pub const EN: &str = r#"
tone_detective|easy||Thanks a lot, the biryani was delicious!|happy|happy;angry;sad
tone_detective|easy||Superb packaging, loved it|happy|happy;sad;confused
tone_detective|easy||You guys made my day, the cake was perfect|happy|happy;angry;neutral
tone_detective|easy||Yay! My first order is here|happy|happy;angry;confused
tone_detective|easy||This is ridiculous, my order is late again!|angry|angry;happy;neutral
tone_detective|easy||Worst app ever, you charged me twice!|angry|angry;happy;sad
tone_detective|easy||Stop sending me spam messages!|angry|angry;happy;confused
tone_detective|easy||I'm so angry, the chicken was raw!|angry|angry;happy;neutral
tone_detective|easy||Hurry please, I need it right now|urgent|urgent;happy;sad
tone_detective|easy||Emergency! Send the medicines fast|urgent|urgent;neutral;happy
tone_detective|easy||Please come quickly, the shop closes in 5 minutes|urgent|urgent;sad;happy
tone_detective|easy||Quick, the guests are at the door!|urgent|urgent;neutral;sad
tone_detective|easy||I don't get it, which button do I press?|confused|confused;angry;happy
tone_detective|easy||I can't figure out where to enter the coupon code|confused|confused;urgent;sad
tone_detective|easy||What does 'order on hold' mean?|confused|confused;happy;angry
tone_detective|easy||My order got cancelled, and I was so hungry|sad|sad;happy;urgent
tone_detective|easy||Feeling low today, nothing is going right|sad|sad;angry;happy
tone_detective|easy||Mom's birthday cake never arrived, I feel terrible|sad|sad;happy;confused
tone_detective|easy||Please deliver after 7 pm|neutral|neutral;angry;urgent
tone_detective|easy||My flat number is B-204|neutral|neutral;sad;angry
tone_detective|easy||I will pay cash on delivery|neutral|neutral;urgent;confused
tone_detective|easy||Send the bill to my email|neutral|neutral;angry;happy
tone_detective|medium||Food was okay, delivery on time, nothing special|neutral|neutral;happy;sad;angry
tone_detective|medium||Why did my wallet balance drop when the order failed?|confused|confused;angry;sad;urgent
tone_detective|medium||I was saving this treat for after my exam, and it never came|sad|sad;angry;confused;neutral
tone_detective|medium||Need two ORS packets right away, my father is dehydrated|urgent|urgent;sad;neutral;confused
tone_detective|medium||Third time this week the rider couldn't find my building. Fix your maps!|angry|angry;confused;urgent;sad
tone_detective|medium||Your recommendation was spot on, the whole family loved the thali|happy|happy;neutral;urgent;confused
tone_detective|medium||The app says delivered but I didn't get anything... did it go to someone else?|confused|confused;angry;urgent;sad
tone_detective|medium||Train leaves in 40 minutes, can the food reach platform 3 before that?|urgent|urgent;confused;neutral;happy
tone_detective|medium||Can I move my delivery slot to Sunday morning?|neutral|neutral;confused;urgent;sad
tone_detective|medium||Waiting since 1 pm and nobody answers the helpline|angry|angry;sad;urgent;confused
tone_detective|medium||Ate alone on my birthday again, at least the cake was nice|sad|sad;happy;neutral;confused
tone_detective|medium||Got the refund within an hour, really impressed|happy|happy;neutral;confused;angry
tone_detective|medium||The offer says 99 rupees but checkout shows 149, I'm lost|confused|confused;neutral;happy;angry
tone_detective|medium||Please share the invoice for last month's orders|neutral|neutral;happy;angry;urgent
tone_detective|medium||The baby's milk is over, please deliver in the next 15 minutes|urgent|urgent;sad;angry;neutral
tone_detective|medium||Wow, you even remembered my extra chutney!|happy|happy;confused;neutral;urgent
tone_detective|medium||The rider cancelled on me a second time, guess I'll sleep hungry|sad|sad;angry;neutral;confused
tone_detective|medium||Your customer care cut my call twice. Unacceptable.|angry|angry;sad;neutral;urgent
tone_detective|medium||I entered the OTP but it says expired, and a new one never came|confused|confused;angry;urgent;sad
tone_detective|medium||The order is fine, just update the phone number to my wife's|neutral|neutral;confused;urgent;angry
tone_detective|hard||Oh wonderful, another 'slight delay'. Take your time, I'm only starving|angry|angry;sad;neutral;happy
tone_detective|hard||Sure, charge me a delivery fee for food that arrived cold, why not|angry|angry;confused;neutral;sad
tone_detective|hard||No worries, I'll just tell the guests dinner is imaginary tonight|angry|angry;sad;urgent;happy
tone_detective|hard||Lovely, the ice cream arrived as a milkshake|angry|angry;happy;sad;confused
tone_detective|hard||Great, a 'delivered' notification and an empty doorstep|angry|angry;confused;sad;happy
tone_detective|hard||Flight boards at 6:10 and the cab is here, is the sandwich anywhere close?|urgent|urgent;confused;neutral;angry
tone_detective|hard||Mom's sugar is dropping and the glucose biscuits are still 'out for delivery'|urgent|urgent;angry;sad;confused
tone_detective|hard||If this reaches in 10 minutes I can still make it to the interview|urgent|urgent;neutral;happy;sad
tone_detective|hard||Is the cashback credited after delivery or after the return window? The FAQ says both|confused|confused;neutral;angry;urgent
tone_detective|hard||So the refund is 'processed' but also 'initiated' and 'pending'? Which is it?|confused|confused;angry;neutral;urgent
tone_detective|hard||I paid, it failed, it got deducted anyway, and now there are three orders?|confused|confused;angry;urgent;sad
tone_detective|hard||Wait, the tracker now shows Pune? I ordered in Mumbai|confused|confused;angry;urgent;neutral
tone_detective|hard||It's fine. I'll just eat bread tonight.|sad|sad;angry;neutral;happy
tone_detective|hard||Whatever, cancel it, it doesn't matter anymore|sad|sad;angry;neutral;urgent
tone_detective|hard||Ten years of ordering from you and this is how it ends|sad|sad;angry;neutral;confused
tone_detective|hard||It was supposed to be our anniversary dinner, but okay|sad|sad;angry;neutral;happy
tone_detective|hard||Honestly didn't expect much, but this beat my mom's rajma. Don't tell her|happy|happy;neutral;confused;sad
tone_detective|hard||Not bad at all, might even order again|happy|happy;neutral;confused;sad
tone_detective|hard||The rider climbed four floors in the rain to hand it over, give him a bonus|happy|happy;sad;neutral;urgent
tone_detective|hard||Noted. Delivery at 8, gate 3, ring twice.|neutral|neutral;urgent;angry;confused
tone_detective|hard||Just let me know when you know, no hurry|neutral|neutral;sad;urgent;confused
tone_detective|hard||Kindly confirm whether the 5 pm slot is still available|neutral|neutral;urgent;confused;happy
"#;

pub const HI: &str = r#"
tone_detective|easy||बहुत-बहुत शुक्रिया, बिरयानी लाजवाब थी!|happy|happy;angry;sad
tone_detective|easy||पैकिंग एकदम बढ़िया थी, मज़ा आ गया|happy|happy;sad;confused
tone_detective|easy||आप लोगों ने दिन बना दिया, केक एकदम परफ़ेक्ट था|happy|happy;angry;neutral
tone_detective|easy||वाह! मेरा पहला ऑर्डर आ गया|happy|happy;angry;confused
tone_detective|easy||हद है, मेरा ऑर्डर फिर से लेट है!|angry|angry;happy;neutral
tone_detective|easy||सबसे बेकार ऐप, दो बार पैसे काट लिए!|angry|angry;happy;sad
tone_detective|easy||बार-बार फालतू मैसेज भेजना बंद करो!|angry|angry;happy;confused
tone_detective|easy||मुझे बहुत गुस्सा आ रहा है, चिकन कच्चा था!|angry|angry;happy;neutral
tone_detective|easy||प्लीज़ जल्दी करो, मुझे अभी चाहिए|urgent|urgent;happy;sad
tone_detective|easy||इमरजेंसी है! दवाइयाँ फटाफट भेजो|urgent|urgent;neutral;happy
tone_detective|easy||जल्दी आओ, दुकान 5 मिनट में बंद हो जाएगी|urgent|urgent;sad;happy
tone_detective|easy||जल्दी, मेहमान दरवाज़े पर खड़े हैं!|urgent|urgent;neutral;sad
tone_detective|easy||समझ नहीं आ रहा, कौन सा बटन दबाऊँ?|confused|confused;angry;happy
tone_detective|easy||कूपन कोड कहाँ डालना है, मिल ही नहीं रहा|confused|confused;urgent;sad
tone_detective|easy||'ऑर्डर ऑन होल्ड' का मतलब क्या है?|confused|confused;happy;angry
tone_detective|easy||मेरा ऑर्डर कैंसल हो गया, बहुत भूख लगी थी|sad|sad;happy;urgent
tone_detective|easy||आज मन बहुत उदास है, कुछ भी ठीक नहीं हो रहा|sad|sad;angry;happy
tone_detective|easy||मम्मी के जन्मदिन का केक नहीं पहुँचा, बहुत बुरा लग रहा है|sad|sad;happy;confused
tone_detective|easy||शाम 7 बजे के बाद डिलीवर करना|neutral|neutral;angry;urgent
tone_detective|easy||मेरा फ़्लैट नंबर बी-204 है|neutral|neutral;sad;angry
tone_detective|easy||मैं कैश ऑन डिलीवरी से पेमेंट करूँगा|neutral|neutral;urgent;confused
tone_detective|easy||बिल मेरे ईमेल पर भेज दीजिए|neutral|neutral;angry;happy
tone_detective|medium||खाना ठीक-ठाक था, डिलीवरी टाइम पर थी, कुछ ख़ास नहीं|neutral|neutral;happy;sad;angry
tone_detective|medium||ऑर्डर फ़ेल हुआ तो वॉलेट का बैलेंस क्यों कम हो गया?|confused|confused;angry;sad;urgent
tone_detective|medium||एग्ज़ाम के बाद के लिए ये ट्रीट बचाई थी, और वो आया ही नहीं|sad|sad;angry;confused;neutral
tone_detective|medium||पापा को डिहाइड्रेशन है, दो ओआरएस पैकेट तुरंत भेजो|urgent|urgent;sad;neutral;confused
tone_detective|medium||इस हफ़्ते तीसरी बार राइडर को मेरी बिल्डिंग नहीं मिली। अपना मैप ठीक करो!|angry|angry;confused;urgent;sad
tone_detective|medium||आपकी बताई थाली पूरे परिवार को बहुत पसंद आई|happy|happy;neutral;urgent;confused
tone_detective|medium||ऐप में डिलीवर्ड लिखा है, पर मुझे तो कुछ मिला ही नहीं... किसी और को दे दिया क्या?|confused|confused;angry;urgent;sad
tone_detective|medium||ट्रेन 40 मिनट में छूटेगी, क्या खाना उससे पहले प्लेटफ़ॉर्म 3 पर पहुँच सकता है?|urgent|urgent;confused;neutral;happy
tone_detective|medium||क्या मेरा डिलीवरी स्लॉट रविवार सुबह का हो सकता है?|neutral|neutral;confused;urgent;sad
tone_detective|medium||दोपहर 1 बजे से इंतज़ार कर रहा हूँ और हेल्पलाइन कोई उठाता ही नहीं|angry|angry;sad;urgent;confused
tone_detective|medium||जन्मदिन पर फिर अकेले खाना खाया, चलो केक तो अच्छा था|sad|sad;happy;neutral;confused
tone_detective|medium||एक घंटे में रिफ़ंड आ गया, सच में बढ़िया|happy|happy;neutral;confused;angry
tone_detective|medium||ऑफ़र में 99 रुपये लिखा है पर चेकआउट पर 149 दिख रहा है, कुछ समझ नहीं आया|confused|confused;neutral;happy;angry
tone_detective|medium||पिछले महीने के ऑर्डर का इनवॉइस भेज दीजिए|neutral|neutral;happy;angry;urgent
tone_detective|medium||बच्चे का दूध ख़त्म हो गया है, अगले 15 मिनट में पहुँचा दो|urgent|urgent;sad;angry;neutral
tone_detective|medium||वाह, आपको मेरी एक्स्ट्रा चटनी भी याद रही!|happy|happy;confused;neutral;urgent
tone_detective|medium||राइडर ने दूसरी बार कैंसल कर दिया, आज भूखा ही सो जाऊँगा|sad|sad;angry;neutral;confused
tone_detective|medium||आपके कस्टमर केयर ने दो बार कॉल काट दी। ये बिल्कुल ठीक नहीं है।|angry|angry;sad;neutral;urgent
tone_detective|medium||ओटीपी डाला तो एक्सपायर बता रहा है, और नया आया ही नहीं|confused|confused;angry;urgent;sad
tone_detective|medium||ऑर्डर सही है, बस फ़ोन नंबर मेरी पत्नी वाला कर दीजिए|neutral|neutral;confused;urgent;angry
tone_detective|hard||वाह, एक और 'थोड़ी सी देरी'। आराम से आना, मैं तो बस भूख से मर रहा हूँ|angry|angry;sad;neutral;happy
tone_detective|hard||हाँ हाँ, ठंडे खाने का डिलीवरी चार्ज भी ले लो, क्यों नहीं|angry|angry;confused;neutral;sad
tone_detective|hard||कोई बात नहीं, मेहमानों को बोल दूँगा आज डिनर ख़्यालों में है|angry|angry;sad;urgent;happy
tone_detective|hard||कमाल है, आइसक्रीम मिल्कशेक बनकर पहुँची|angry|angry;happy;sad;confused
tone_detective|hard||बढ़िया, 'डिलीवर्ड' का मैसेज और दरवाज़े पर कुछ नहीं|angry|angry;confused;sad;happy
tone_detective|hard||फ़्लाइट की बोर्डिंग 6:10 पर है और कैब आ गई, सैंडविच कहीं पास में है?|urgent|urgent;confused;neutral;angry
tone_detective|hard||मम्मी का शुगर गिर रहा है और ग्लूकोज़ बिस्किट अभी भी 'आउट फ़ॉर डिलीवरी' हैं|urgent|urgent;angry;sad;confused
tone_detective|hard||अगर ये 10 मिनट में पहुँच जाए तो मैं इंटरव्यू में टाइम पर पहुँच सकता हूँ|urgent|urgent;neutral;happy;sad
tone_detective|hard||कैशबैक डिलीवरी के बाद आएगा या रिटर्न विंडो के बाद? एफ़एक्यू में दोनों लिखा है|confused|confused;neutral;angry;urgent
tone_detective|hard||तो रिफ़ंड 'प्रोसेस्ड' भी है, 'इनिशिएटेड' भी और 'पेंडिंग' भी? आख़िर है क्या?|confused|confused;angry;neutral;urgent
tone_detective|hard||पेमेंट किया, फ़ेल हुआ, फिर भी पैसे कटे, अब तीन ऑर्डर दिख रहे हैं?|confused|confused;angry;urgent;sad
tone_detective|hard||रुको, ट्रैकर अब पुणे दिखा रहा है? मैंने तो मुंबई में ऑर्डर किया था|confused|confused;angry;urgent;neutral
tone_detective|hard||ठीक है। आज रात ब्रेड खाकर सो जाऊँगा।|sad|sad;angry;neutral;happy
tone_detective|hard||छोड़ो, कैंसल कर दो, अब कोई फ़र्क नहीं पड़ता|sad|sad;angry;neutral;urgent
tone_detective|hard||दस साल से आपसे मँगवा रहे हैं और आख़िर में ये मिला|sad|sad;angry;neutral;confused
tone_detective|hard||आज हमारी सालगिरह का डिनर होना था, ख़ैर कोई बात नहीं|sad|sad;angry;neutral;happy
tone_detective|hard||सच कहूँ तो उम्मीद नहीं थी, पर ये राजमा मम्मी वाले से भी अच्छा था। उन्हें मत बताना|happy|happy;neutral;confused;sad
tone_detective|hard||बुरा नहीं था, शायद फिर से मँगवा लूँ|happy|happy;neutral;confused;sad
tone_detective|hard||बारिश में चार मंज़िल चढ़कर राइडर ने खाना दिया, उसे बोनस दो भाई|happy|happy;sad;neutral;urgent
tone_detective|hard||नोट कर लिया। डिलीवरी 8 बजे, गेट 3, दो बार घंटी बजाना।|neutral|neutral;urgent;angry;confused
tone_detective|hard||जब पता चले तब बता देना, कोई जल्दी नहीं है|neutral|neutral;sad;urgent;confused
tone_detective|hard||कृपया बताइए कि शाम 5 बजे का स्लॉट अभी खाली है या नहीं|neutral|neutral;urgent;confused;happy
"#;
