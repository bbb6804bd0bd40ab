//! entity_hunter: the context says what to find, the message holds it as
//! the answer; the options are other accepted spellings (not shown). Hard
//! ones name the entity indirectly ("a kilo and a half") or beside a
//! distractor the message rules out ("not the Andheri flat").
//! `game_type|difficulty|kind|message|entity|alternatives`

pub const EN: &str = r#"
entity_hunter|easy|dish|Send me a veg biryani|veg biryani|vegetable biryani
entity_hunter|easy|dish|One butter chicken please|butter chicken|murgh makhani
entity_hunter|easy|dish|I want two samosas|samosas|samosa
entity_hunter|easy|dish|Order a plate of pav bhaji|pav bhaji|paav bhaji;pavbhaji
entity_hunter|easy|dish|Get me some idli for breakfast|idli|idly;idlis
entity_hunter|easy|quantity|Send 4 bottles of water|4|four
entity_hunter|easy|quantity|I need 2 kg of onions|2 kg|2 kilo;two kg;2 kilograms
entity_hunter|easy|quantity|Add 6 rotis to the order|6|six
entity_hunter|easy|quantity|Deliver 1 dozen eggs|1 dozen|12;a dozen;one dozen
entity_hunter|easy|place|Deliver it to Connaught Place|Connaught Place|CP
entity_hunter|easy|place|Send it to my flat in Salt Lake|Salt Lake|Saltlake
entity_hunter|easy|place|Please send it to Banjara Hills|Banjara Hills|Banjara Hill
entity_hunter|easy|place|Book a table at the Juhu outlet|Juhu|
entity_hunter|easy|time|Deliver at 8 pm|8 pm|8:00 pm;20:00;8pm
entity_hunter|easy|time|Book a table for 1 pm|1 pm|1:00 pm;13:00;1pm
entity_hunter|easy|time|Can it come by 9:30 am?|9:30 am|9.30 am;9:30
entity_hunter|easy|amount|Recharge my phone with 249 rupees|249 rupees|249;₹249;Rs 249
entity_hunter|easy|amount|Add 500 rupees to my wallet|500 rupees|500;₹500;Rs 500
entity_hunter|easy|date|Book a table for Sunday|Sunday|this Sunday
entity_hunter|easy|date|Deliver the cake tomorrow|tomorrow|
entity_hunter|easy|item|Add a packet of Maggi to my cart|Maggi|Maggi noodles
entity_hunter|easy|item|I need a bottle of Dettol handwash|Dettol handwash|Dettol hand wash
entity_hunter|medium|dish|Two plates of veg momos and a cold drink, please|veg momos|veg momo;vegetable momos
entity_hunter|medium|dish|Can you add a gulab jamun along with the thali?|gulab jamun|gulab jamuns
entity_hunter|medium|dish|Swap the plain naan for a garlic naan|garlic naan|garlic nan
entity_hunter|medium|dish|I'm fasting today, do you have sabudana khichdi?|sabudana khichdi|sabudana khichri;sago khichdi
entity_hunter|medium|dish|The rasmalai in my last order was amazing|rasmalai|ras malai
entity_hunter|medium|quantity|We need 250 grams of paneer for tonight's curry|250 grams|250 g;250 gm;quarter kilo
entity_hunter|medium|quantity|Pack 10 laddoos for the Diwali gifts|10|ten
entity_hunter|medium|quantity|Half a dozen bananas and nothing else|Half a dozen|6;six;half dozen
entity_hunter|medium|place|My office is in Cyber City, deliver lunch there|Cyber City|Cybercity
entity_hunter|medium|place|Is the Powai outlet open till midnight?|Powai|
entity_hunter|medium|place|Send a rider to Gate 2 of Phoenix Mall|Phoenix Mall|Gate 2 of Phoenix Mall
entity_hunter|medium|time|Our flight lands at 11:45 pm, keep the food ready by then|11:45 pm|11.45 pm;23:45;11:45
entity_hunter|medium|time|Deliver the cake at midnight for the surprise|midnight|12 am;12:00 am;00:00
entity_hunter|medium|time|I'm free after 4:30, send it then|4:30|4.30;16:30;4:30 pm
entity_hunter|medium|time|Book the cab for quarter to eight|quarter to eight|7:45;7.45;7:45 pm
entity_hunter|medium|amount|My UPI payment of 1,299 rupees failed|1,299 rupees|1299;₹1299;Rs 1299;1,299
entity_hunter|medium|amount|The cashback of 75 rupees never came|75 rupees|75;₹75;Rs 75
entity_hunter|medium|amount|Put the ₹666 plan on my Jio number|₹666|666;Rs 666;666 rupees
entity_hunter|medium|date|Book for the 14th of February, it's our anniversary|14th of February|14 February;February 14;14 Feb;14/02
entity_hunter|medium|date|Can I schedule the delivery for next Monday?|next Monday|Monday
entity_hunter|hard|dish|Not the usual paneer butter masala today, I'm in the mood for kadai paneer|kadai paneer|kadhai paneer;karahi paneer
entity_hunter|hard|dish|Whatever you sent last time with the green chutney, the dhokla, send that again|dhokla|khaman dhokla;dhokhla
entity_hunter|hard|dish|My son wants those cheesy things, the garlic breadsticks, add them|garlic breadsticks|garlic breadstick;garlic bread sticks
entity_hunter|hard|dish|No more pizza for a while, send me a bowl of curd rice|curd rice|thayir sadam;dahi chawal
entity_hunter|hard|dish|Something like a dosa but thicker, can I get an uttapam?|uttapam|uthappam;oothappam;uttappam
entity_hunter|hard|place|I moved from Andheri to Malad last week, update it please|Malad|Malad West
entity_hunter|hard|place|Deliver near the temple opposite Lalbagh, not at the main gate|Lalbagh|Lal Bagh
entity_hunter|hard|place|Office is shifting to the Magarpatta campus from Monday, send lunch there|Magarpatta|Magarpatta City;Magarpatta campus
entity_hunter|hard|place|Same building as before, but the Koregaon Park one, not Viman Nagar|Koregaon Park|KP
entity_hunter|hard|place|Drop it at the tea stall outside Churchgate station, I'll collect it there|Churchgate station|Churchgate
entity_hunter|hard|time|The 7 o'clock slot is too early, push it to half past eight|half past eight|8:30;8.30;20:30
entity_hunter|hard|time|Deliver it after the match ends, around half past ten|half past ten|10:30;10:30 pm;22:30;10.30
entity_hunter|hard|time|Lunch should reach before the 1:15 meeting, so anything by 12:45 works|12:45|12.45;12:45 pm;quarter to one
entity_hunter|hard|time|The guests come at sunset, so roughly 6:40 this evening|6:40|6.40;18:40;6:40 pm
entity_hunter|hard|time|I get home only after nine thirty, don't send it before that|nine thirty|9:30;9.30;9:30 pm;21:30
entity_hunter|hard|quantity|We were four, but two cousins joined, so make it six thalis|six|6
entity_hunter|hard|quantity|A kilo and a half of mutton for Sunday's biryani|A kilo and a half|1.5 kg;1.5 kilo;one and a half kilo;1500 g
entity_hunter|hard|quantity|Just a couple of cutting chais for the office|a couple|2;two;couple
entity_hunter|hard|quantity|Put in a quarter kilo of cashews, my mother uses them for kheer|a quarter kilo|250 g;250 grams;quarter kilo;0.25 kg
entity_hunter|hard|amount|Paid two-fifty on GPay but the order still shows unpaid|two-fifty|250;₹250;Rs 250;two fifty
entity_hunter|hard|amount|Top up my Airtel, the one-nineteen pack|one-nineteen|119;₹119;Rs 119;one nineteen
entity_hunter|hard|date|Our anniversary falls on the coming Friday, plan the cake for that|the coming Friday|Friday;coming Friday;this Friday
"#;

pub const HI: &str = r#"
entity_hunter|easy|dish|मुझे एक वेज बिरयानी भेजो|वेज बिरयानी|वेज बिरियानी;veg biryani
entity_hunter|easy|dish|एक बटर चिकन चाहिए|बटर चिकन|butter chicken
entity_hunter|easy|dish|मुझे दो समोसे चाहिए|समोसे|समोसा;samosa
entity_hunter|easy|dish|एक प्लेट पाव भाजी ऑर्डर करो|पाव भाजी|पावभाजी;pav bhaji
entity_hunter|easy|dish|नाश्ते में इडली भेज दो|इडली|idli
entity_hunter|easy|quantity|पानी की 4 बोतल भेजो|4|चार;four
entity_hunter|easy|quantity|मुझे 2 किलो प्याज़ चाहिए|2 किलो|दो किलो;2 kg
entity_hunter|easy|quantity|ऑर्डर में 6 रोटी जोड़ दो|6|छह;छः;six
entity_hunter|easy|quantity|एक दर्जन अंडे भेज दो|एक दर्जन|12;बारह;1 दर्जन
entity_hunter|easy|place|कनॉट प्लेस में डिलीवर कर दो|कनॉट प्लेस|सीपी;Connaught Place
entity_hunter|easy|place|सॉल्ट लेक वाले फ़्लैट पर भेज दो|सॉल्ट लेक|साल्ट लेक;Salt Lake
entity_hunter|easy|place|बंजारा हिल्स भेज दीजिए|बंजारा हिल्स|Banjara Hills
entity_hunter|easy|place|जुहू वाले आउटलेट में टेबल बुक करो|जुहू|Juhu
entity_hunter|easy|time|रात 8 बजे डिलीवर करना|8 बजे|रात 8 बजे;आठ बजे;20:00
entity_hunter|easy|time|दोपहर 1 बजे की टेबल बुक करो|1 बजे|दोपहर 1 बजे;एक बजे;13:00
entity_hunter|easy|time|क्या ये सुबह 9:30 तक आ जाएगा?|9:30|साढ़े नौ;सुबह 9:30;9.30
entity_hunter|easy|amount|मेरे फ़ोन में 249 रुपये का रिचार्ज कर दो|249 रुपये|249;₹249;249 रुपए
entity_hunter|easy|amount|मेरे वॉलेट में 500 रुपये डाल दो|500 रुपये|500;₹500;500 रुपए
entity_hunter|easy|date|रविवार के लिए टेबल बुक करो|रविवार|संडे;इतवार
entity_hunter|easy|date|केक कल डिलीवर करना|कल|
entity_hunter|easy|item|कार्ट में मैगी का एक पैकेट डाल दो|मैगी|Maggi
entity_hunter|easy|item|मुझे डेटॉल हैंडवॉश की एक बोतल चाहिए|डेटॉल हैंडवॉश|डेटॉल हैंड वॉश;Dettol handwash
entity_hunter|medium|dish|दो प्लेट वेज मोमोज़ और एक कोल्ड ड्रिंक भेजो|वेज मोमोज़|वेज मोमोज;veg momos
entity_hunter|medium|dish|थाली के साथ एक गुलाब जामुन भी जोड़ दो|गुलाब जामुन|gulab jamun
entity_hunter|medium|dish|सादे नान की जगह गार्लिक नान कर दो|गार्लिक नान|लहसुन नान;garlic naan
entity_hunter|medium|dish|मेरा व्रत है, साबूदाना खिचड़ी मिलेगी क्या?|साबूदाना खिचड़ी|साबूदाने की खिचड़ी;sabudana khichdi
entity_hunter|medium|dish|पिछले ऑर्डर वाली रसमलाई कमाल की थी|रसमलाई|रस मलाई;rasmalai
entity_hunter|medium|quantity|आज रात की सब्ज़ी के लिए 250 ग्राम पनीर चाहिए|250 ग्राम|पाव किलो;250 g;250 gm
entity_hunter|medium|quantity|दिवाली गिफ़्ट के लिए 10 लड्डू पैक कर दो|10|दस;ten
entity_hunter|medium|quantity|सिर्फ़ आधा दर्जन केले, और कुछ नहीं|आधा दर्जन|6;छह;half dozen
entity_hunter|medium|place|मेरा ऑफिस साइबर सिटी में है, लंच वहीं भेजना|साइबर सिटी|Cyber City
entity_hunter|medium|place|क्या पवई वाला आउटलेट रात 12 बजे तक खुला है?|पवई|Powai
entity_hunter|medium|place|फ़ीनिक्स मॉल के गेट 2 पर राइडर भेज दो|फ़ीनिक्स मॉल|फीनिक्स मॉल;Phoenix Mall
entity_hunter|medium|time|हमारी फ़्लाइट रात 11:45 पर लैंड होगी, तब तक खाना तैयार रखना|11:45|11.45;पौने बारह;23:45
entity_hunter|medium|time|सरप्राइज़ के लिए केक ठीक आधी रात को पहुँचाना|आधी रात|रात 12 बजे;12 बजे;00:00
entity_hunter|medium|time|मैं 4:30 के बाद फ़्री हूँ, तभी भेजना|4:30|4.30;साढ़े चार;16:30
entity_hunter|medium|time|कैब पौने आठ बजे की बुक करो|पौने आठ बजे|पौने आठ;7:45;7.45
entity_hunter|medium|amount|मेरा 1,299 रुपये का यूपीआई पेमेंट फ़ेल हो गया|1,299 रुपये|1299;₹1299;1,299;1299 रुपये
entity_hunter|medium|amount|75 रुपये का कैशबैक कभी आया ही नहीं|75 रुपये|75;₹75;75 रुपए
entity_hunter|medium|amount|मेरे जियो नंबर पर ₹666 वाला प्लान डाल दो|₹666|666;666 रुपये
entity_hunter|medium|date|14 फ़रवरी के लिए बुक करो, हमारी सालगिरह है|14 फ़रवरी|14 फरवरी;14 Feb;14/02
entity_hunter|medium|date|क्या डिलीवरी अगले सोमवार के लिए शेड्यूल हो सकती है?|अगले सोमवार|सोमवार;अगला सोमवार
entity_hunter|hard|dish|आज रोज़ वाला पनीर बटर मसाला नहीं, कड़ाही पनीर का मन है|कड़ाही पनीर|कढ़ाई पनीर;कडाही पनीर;kadai paneer
entity_hunter|hard|dish|पिछली बार हरी चटनी के साथ जो भेजा था, ढोकला, वही फिर से भेजो|ढोकला|खमन ढोकला;dhokla
entity_hunter|hard|dish|बेटे को वो चीज़ी वाली चीज़ें चाहिए, गार्लिक ब्रेडस्टिक्स, वो जोड़ दो|गार्लिक ब्रेडस्टिक्स|गार्लिक ब्रेड स्टिक्स;garlic breadsticks
entity_hunter|hard|dish|कुछ दिन पिज़्ज़ा नहीं, बस एक कटोरी दही चावल भेज दो|दही चावल|दही-चावल;curd rice
entity_hunter|hard|dish|डोसे जैसा ही पर मोटा वाला, उत्तपम मिलेगा?|उत्तपम|उत्तपा;उथप्पम;uttapam
entity_hunter|hard|place|पिछले हफ़्ते अंधेरी से मलाड शिफ़्ट हो गया हूँ, पता अपडेट कर दो|मलाड|मालाड;Malad
entity_hunter|hard|place|लालबाग के सामने वाले मंदिर के पास डिलीवर करना, मेन गेट पर नहीं|लालबाग|लाल बाग;Lalbagh
entity_hunter|hard|place|सोमवार से ऑफिस मगरपट्टा कैंपस में शिफ़्ट हो रहा है, लंच वहीं भेजना|मगरपट्टा|मगरपट्टा कैंपस;Magarpatta
entity_hunter|hard|place|वही बिल्डिंग, पर कोरेगाँव पार्क वाली, विमान नगर वाली नहीं|कोरेगाँव पार्क|कोरेगांव पार्क;Koregaon Park
entity_hunter|hard|place|चर्चगेट स्टेशन के बाहर वाली चाय की टपरी पर छोड़ देना, मैं वहीं से ले लूँगा|चर्चगेट स्टेशन|चर्चगेट;Churchgate
entity_hunter|hard|time|7 बजे वाला स्लॉट बहुत जल्दी है, साढ़े आठ कर दो|साढ़े आठ|8:30;8.30;साढ़े आठ बजे
entity_hunter|hard|time|मैच ख़त्म होने के बाद, करीब साढ़े दस बजे डिलीवर करना|साढ़े दस बजे|साढ़े दस;10:30;22:30
entity_hunter|hard|time|1:15 की मीटिंग से पहले लंच पहुँचना चाहिए, तो 12:45 तक कभी भी चलेगा|12:45|12.45;पौने एक;पौने एक बजे
entity_hunter|hard|time|मेहमान सूरज ढलते आएँगे, यानी आज शाम करीब 6:40|6:40|6.40;18:40;शाम 6:40
entity_hunter|hard|time|मैं साढ़े नौ के बाद ही घर पहुँचता हूँ, उससे पहले मत भेजना|साढ़े नौ|9:30;9.30;रात साढ़े नौ;21:30
entity_hunter|hard|quantity|हम चार थे, पर दो कज़िन और आ गए, तो छह थाली कर दो|छह|6;छः
entity_hunter|hard|quantity|संडे की बिरयानी के लिए डेढ़ किलो मटन|डेढ़ किलो|डेढ किलो;1.5 किलो;1.5 kg
entity_hunter|hard|quantity|ऑफिस के लिए बस दो कटिंग चाय|दो|2;two
entity_hunter|hard|quantity|पाव किलो काजू डाल दो, मम्मी खीर में डालती हैं|पाव किलो|250 ग्राम;250 g;एक पाव
entity_hunter|hard|amount|जीपे पर ढाई सौ दिए पर ऑर्डर अब भी अनपेड दिखा रहा है|ढाई सौ|250;₹250;250 रुपये
entity_hunter|hard|amount|मेरा एयरटेल टॉप-अप कर दो, वो एक सौ उन्नीस वाला पैक|एक सौ उन्नीस|119;₹119;119 रुपये
entity_hunter|hard|date|हमारी सालगिरह आने वाले शुक्रवार को है, केक उसी दिन के लिए रखना|आने वाले शुक्रवार|शुक्रवार;इस शुक्रवार
"#;
