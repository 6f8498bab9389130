package skimmer

// The name lexicon, written for Tarn: common given names and surnames of
// many countries, in their usual Latin spellings, folded (lower case,
// accents dropped, apostrophes removed). They are common names, not the
// names of anyone in particular.

const givenNames = `
james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
gregory alexander patrick raymond dennis jerry tyler aaron adam nathan henry douglas zachary peter
kyle ethan walter noah jeremy keith roger terry gerald harold sean austin carl arthur lawrence
dylan jesse bryan billy joe bruce gabriel logan albert willie alan wayne elijah randy roy vincent
ralph eugene russell bobby philip louis harry oliver connor callum liam owen lewis alfie charlie
freddie archie leo theo oscar toby rhys finn isaac jamie nathaniel marcus travis derek shane
brett craig darren neil ian graham stuart gordon malcolm colin trevor nigel clive geoffrey
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole
helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth
julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea
cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean
abigail alice judy sophia grace denise doris marilyn danielle beverly isabella theresa diana
natalie brittany charlotte marie kayla alexis lori ava mia chloe ella amelia harper zoe isla
freya ellie sophie lucy bethany eleanor imogen phoebe rosie jasmine chelsea tiffany courtney
vanessa whitney erin caitlin kirsty gemma hayley siobhan aoife niamh ciara saoirse padraig
ciaran eoin cormac declan gareth dafydd sian cerys iain hamish morag fiona ailsa
hans klaus jurgen wolfgang andreas stefan uwe frank markus matthias dieter gunter horst manfred
helmut werner gerhard heinz karl bernd ralf sven jens torsten dirk lars kai jan tobias florian
sebastian lukas leon ben felix maximilian jonas elias luca niklas moritz fabian philipp tim dominik
simon johannes julian ursula monika petra sabine claudia susanne birgit karin gabriele renate
heike anja stefanie katrin julia lena lea lina klara greta ida frieda ingrid helga gisela
brigitte elke silke anke dagmar annika jana kerstin
jean pierre michel philippe alain nicolas christophe francois laurent olivier stephane julien
thierry pascal frederic antoine guillaume mathieu maxime hugo lucas raphael clement bastien
romain benoit yannick didier gerard bernard jacques rene andre marcel claude yves herve emmanuel
nathalie isabelle sylvie francoise martine monique valerie sandrine celine veronique chantal
aurelie camille manon ines juliette clemence margaux pauline emilie amelie elodie oceane anais
melanie virginie delphine helene genevieve mathilde
jose antonio manuel francisco juan javier jesus carlos miguel alejandro rafael pedro pablo
sergio fernando luis jorge alberto alvaro diego adrian raul enrique ramon vicente ignacio andres
joaquin santiago mateo emiliano matias tomas gonzalo rodrigo eduardo ricardo hector ruben arturo
gustavo guillermo mario victor cesar esteban felipe julio marcos
carmen josefa isabel dolores pilar rosa francisca antonia lucia mercedes cristina marta elena
paula raquel beatriz rocio silvia nuria alba irene valentina camila sofia martina daniela
gabriela mariana fernanda ximena guadalupe lorena veronica monica adriana alejandra natalia paola
carolina juliana catalina luciana florencia agustina constanza
joao tiago rui nuno bruno miguel goncalo diogo vitor luiz leandro thiago caio vinicius matheus
heitor enzo davi bernardo leonor joana rita catarina margarida leticia larissa aline bruna
renata tatiana priscila luana isabela manuela helena
giuseppe giovanni luigi angelo vincenzo pietro salvatore carlo franco domenico paolo michele
giorgio aldo luciano alessandro marco matteo lorenzo davide simone federico riccardo stefano
fabio massimo roberto gianluca emanuele enrico filippo tommaso leonardo edoardo gabriele daniele
claudio giulia francesca chiara alessandra federica elisa roberta giovanna antonella patrizia
simona aurora ginevra beatrice noemi ilaria serena
pieter kees henk willem cornelis gerrit hendrik bram daan sem thijs stijn niels joost maarten
sander jeroen wouter koen bart geert wim sanne lotte anouk femke marieke annemieke els marloes
inge mieke
anders johan erik per nils mikael oskar magnus henrik fredrik gustav axel emil olof bjorn ole
knut rasmus soren mads kasper frederik thor leif asa kristina elin astrid ebba freja maja saga
linnea sigrid mette hanne kirsten malin johanna
piotr krzysztof andrzej tomasz pawel marcin michal jakub grzegorz lukasz marek stanislaw
wojciech mateusz kamil dariusz rafal szymon filip bartosz jiri petr josef pavel martin jaroslav
milan vaclav ivan dmitri dmitry sergei sergey alexei alexey vladimir nikolai mikhail andrei igor
oleg yuri boris maxim artem denis anton kirill roman viktor evgeny katarzyna malgorzata
agnieszka ewa krystyna elzbieta zofia magdalena aleksandra olga tatiana irina svetlana natasha
ekaterina anastasia yulia oksana galina ludmila marina daria polina ksenia veronika lenka hana
tereza
giorgos georgios dimitris konstantinos nikos yannis ioannis christos panagiotis vasilis kostas
eleni katerina dimitra ioanna vasiliki despina
mehmet mustafa ahmet huseyin hasan ibrahim ismail osman yusuf murat omer emre burak cem kerem
mert baris serkan volkan fatma ayse emine hatice zeynep elif meryem merve esra ozlem derya selin
ebru yasemin
mohammed muhammad mohamed ahmed ahmad omar umar hassan hussein hussain khalid abdullah ibrahim
youssef mahmoud karim tariq samir said saeed hamza bilal faisal rashid nasser walid ziad amir
khaled jamal adel hani fatima aisha aysha khadija maryam mariam zainab layla leila nour noor huda
amina salma yasmin yasmine rania dina hala samira farah hiba reem
reza mehdi hossein hamid babak dariush kian arash farhad navid parisa zahra fatemeh nasrin
shirin azadeh niloufar roya
rahul amit raj rajesh sanjay suresh ramesh vijay anil sunil ashok deepak manoj vikram arjun rohan
aditya karan nikhil pranav siddharth ravi krishna vivek abhishek ankit gaurav harish mahesh
naveen prakash sandeep sachin varun akash ishaan aarav vihaan kabir imran asif irfan rizwan
usman farhan priya anjali pooja neha sunita anita kavita deepa lakshmi meena rekha geeta shreya
divya sneha swati nisha asha radha sita kiran shalini aishwarya ananya aditi isha riya kavya
tanvi meera aarti ayesha sana nadia
wei fang jing jun hui ying lei qiang jie tao ming hao chao xin ling hong ping gang hua jian
feng bin yong xiaoming xiaohong jingjing lili yanyan zhiwei jianguo guoqiang haiyan xiuying
yuxuan zihan haoran yichen zixuan
hiroshi takashi kenji takeshi satoshi akira yuki kazuki daisuke shota haruto ren sota yuto
kenta ryota taro ichiro kaito riku yamato koji makoto naoki shinji tetsuya yusuke masato hideo
yuko keiko yoko naoko akiko tomoko sachiko mayumi yumi emi aya ayaka misaki sakura yui rin mei
haruka nanami mio aoi miyu kaori megumi noriko hiromi
minjun seojun jiho jimin jiwoo seoyeon minseo hayun sungmin jihoon hyunwoo dongwook junho
jaehyun youngho seungho jinwoo minho taeyang soyeon jiyeon eunji hyejin yuna sujin minji jisoo
minh tuan hung dung thanh quang huy duc khanh phuong linh lan mai hoa huong thu trang ngoc
thao hien
chukwuemeka emeka chinedu obinna ikenna nnamdi uchenna oluwaseun olumide tunde babatunde
ayodele adebayo femi segun kwame kofi kwabena yaw kojo ama akosua abena adwoa efua ngozi chioma
adaeze amaka nkechi funmilayo folake yetunde bukola fatou amadou moussa ibrahima mamadou
ousmane abdoulaye cheikh aminata mariama awa sipho thabo themba lerato nomvula zanele thandiwe
bongani mandla jabulani wanjiru wambui njeri baraka juma zawadi neema tendai tatenda chipo
avi yosef moshe yonatan noam itai eitan ariel tamar noa shira yael michal maya rivka
`

const surnames = `
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris
sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill
flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips
evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson
watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders
patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler
henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton
graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina
aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington
kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter
hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black
robertson boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson
nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold pierce
vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson
carroll lane riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena
richards willis carpenter lawrence sandoval davies clarke griffiths chapman fletcher cartwright
whitehouse oconnor osullivan obrien mcallister mackenzie macdonald fraser paterson byrne walsh
oneill mccarthy doyle gallagher lynch quinn kavanagh brennan
muller mueller schmidt schneider fischer weber wagner becker schulz hoffmann schafer koch bauer
richter klein wolf schroder neumann schwarz zimmermann braun kruger hofmann hartmann lange
schmitt werner krause meier lehmann schmid schulze maier kohler herrmann konig walter mayer
huber kaiser fuchs lang scholz moller weiss jung hahn schubert vogel friedrich keller gunther
frank berger winkler roth beck lorenz baumann franke albrecht schuster ludwig bohm winter kraus
schumacher kramer vogt stein jager otto sommer gross seidel heinrich brandt haas schreiber graf
bernard dubois robert richard petit durand leroy moreau simon laurent lefebvre michel david
bertrand roux vincent fournier morel girard andre lefevre mercier dupont lambert bonnet
francois legrand garnier faure rousseau blanc guerin roussel nicolas perrin morin mathieu
clement gauthier dumont fontaine chevalier robin masson gerard boyer denis lemaire duval joly
gautier roger roche roy noel lucas meunier marchand dufour blanchard barbier brun dumas brunet
leroux colin renard arnaud rolland caron aubert giraud leclerc vidal bourgeois renaud lemoine
picard gaillard philippe leclercq lacroix fabre dupuis olivier hubert guillot riviere gall
guillaume rey moulin lecomte menard fleury deschamps carpentier julien benoit maillard aubry
vasseur renault jacquet collet prevost poirier charpentier royer huet baron dupuy pons laine
carre breton remy perrot guyot barre marty cousin
garcia fernandez sanchez gomez jimenez ruiz moreno alvarez alonso navarro dominguez gil serrano
blanco molina suarez ortega rubio marin sanz nunez iglesias garrido cortes lozano guerrero
cano prieto calvo gallego leon marquez pena cabrera campos vega fuentes carrasco diez caballero
nieto pascual santana herrero lorenzo montero hidalgo gimenez ibanez ferrer duran santiago
benitez mora arias carmona crespo roman pastor saez velasco moya soler parra esteban bravo
gallardo rojas juarez velazquez contreras luna estrada bautista espinoza lara avila rios
cervantes carrillo quispe mamani condori huaman choque
souza oliveira pereira costa rodrigues almeida nascimento lima araujo fernandes carvalho gomes
martins rocha ribeiro alves monteiro mendes barros freitas barbosa pinto moura cavalcanti dias
cardoso teixeira correia vieira nunes soares machado lopes marques ferreira sousa goncalves
azevedo
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti luca
mancini giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi caruso ferrara
galli martini leone longo gentile martinelli vitale lombardo serra coppola santis damico
marchetti parisi villa conte ferraro ferri fabbri bianco marini grasso valentini messina sala
angelis gatti pellegrini palumbo sanna farina rizzi monti cattaneo morelli amato silvestri mazza
testa grassi pellegrino carbone giuliani benedetti barone rossetti caputo montanari guerra
palmieri bernardi martino fiore ferretti bellini basile riva donati piras vitali battaglia
sartori neri costantini milani pagano ruggiero sorrentino damato orlando negri mantovani
jong jansen vries berg dijk bakker janssen visser smit meijer boer mulder groot bos vos
hendriks leeuwen dekker brouwer wit dijkstra smits graaf meer linden kok jacobs haan vermeulen
heuvel veen broek bruijn bruin heijden schouten beek willems wijk
andersson johansson karlsson nilsson eriksson larsson olsson persson svensson gustafsson
pettersson jonsson jansson hansson bengtsson lindberg lindqvist lindgren lundberg lundgren
johansen olsen larsen andersen pedersen nielsen kristiansen jensen christensen rasmussen
jorgensen petersen madsen kristensen mortensen virtanen korhonen nieminen makinen hamalainen
laine heikkinen koskinen jarvinen lehtonen
nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski wozniak
dabrowski kozlowski jankowski mazur wojciechowski kwiatkowski krawczyk kaczmarek piotrowski
grabowski zajac pawlowski michalski krol wieczorek jablonski wrobel nowakowski majewski
olszewski stepien malinowski jaworski adamczyk dudek nowicki pawlak gorski witkowski walczak
sikora baran rutkowski michalak szewczyk ostrowski tomaszewski pietrzak zalewski wroblewski
novak svoboda novotny dvorak cerny prochazka kucera vesely horak nemec ivanov smirnov kuznetsov
popov vasiliev petrov sokolov mikhailov novikov fedorov morozov volkov alekseev lebedev semenov
egorov pavlov kozlov stepanov nikolaev orlov andreev makarov nikitin zakharov zaitsev solovyov
borisov yakovlev grigoriev romanov vorobyov sergeev kuzmin frolov alexandrov dmitriev korolev
gusev kiselev ilyin maksimov polyakov sorokin vinogradov kovalev belov medvedev antonov tarasov
zhukov baranov filippov komarov davydov belyaev gerasimov bogdanov osipov sidorov matveev titov
marchenko kovalenko bondarenko shevchenko kovalchuk boyko tkachenko kravchenko oliynyk horvat
kovac babic maric jovanovic petrovic nikolic markovic djordjevic stojanovic ilic stankovic
pavlovic milosevic ivanova petrova smirnova kuznetsova popova novakova kowalska nowakowska
papadopoulos papadakis pappas georgiou nikolaidis dimitriou konstantinidis ioannou vlachos
oikonomou karagiannis christodoulou
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic aslan
cetin kara koc kurt ozkan simsek polat korkmaz erdogan
alsayed hassan hussein mohamed ahmed ibrahim mahmoud abdullah khalil haddad nasser saleh
mansour karam aziz hamdan khoury farah najjar abboud bakr rahman rahim qureshi siddiqui khan
malik sheikh chaudhry hussain hosseini mohammadi ahmadi rezaei moradi karimi jafari rahimi
hashemi mousavi sadeghi kazemi ebrahimi rostami tehrani
sharma verma gupta singh kumar shah mehta joshi reddy rao nair menon iyer pillai das dutta
banerjee chatterjee mukherjee ghosh bose sen chakraborty agarwal jain kapoor khanna malhotra
chopra bhatia sethi arora saxena mishra pandey tiwari dubey yadav chauhan thakur desai naidu
krishnan subramanian venkatesh raman chowdhury islam hossain begum akter
wang li zhang liu chen yang huang zhao wu zhou xu sun zhu hu guo lin gao luo zheng liang xie
song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang du ye cheng su lu ding
ren shen yao jin fu zhong tan lam wong chan leung cheung ng chow tsang lau yip kwok
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada
sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto
yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami kondo ishii saito
sakamoto endo aoki fujii nishimura fukuda ota miura takeuchi nakagawa okamoto matsuda harada
nakano
park choi jung jeong kang cho yoon yun jang lim oh seo shin kwon hwang ahn jeon hong
pham hoang huynh phan vu vo dang bui ho ngo duong ly le do
okafor okonkwo okeke nwosu eze obi adeyemi oladipo olawale ogunleye balogun mensah boateng
asante owusu osei appiah agyeman diallo traore keita coulibaly toure sow ndiaye diop fall mbeki
ndlovu dlamini nkosi khumalo mahlangu zulu mokoena kamau mwangi otieno ochieng njoroge wanjiku
kiprono achebe abubakar bello musa yusuf
cohen levi mizrahi peretz biton dahan friedman shapiro katz goldberg rosenberg klein
`

// ambiguousGiven are given names that are also common words.
const ambiguousGiven = `
will mark bill grace hope joy may june april august rose lily dawn faith summer autumn sky
chase hunter pat sue jack frank art gene max rich don ray guy miles amber ruby pearl crystal
iris ivy holly olive jasmine angel christian victoria paris florence jordan carter taylor
penny sandy cliff dale glen wade reed rob star earl duke prince major hazel ginger honey melody
destiny trinity liberty justice chance rusty buck jay robin sage river rain storm winter
brook cash kelly mason parker lee long nam son hai tim ren rin aoi mai lan mio hao fang ping
gang bin yong ming jun lei tao ling hong hua jian feng wei min jing hui ying chao xin simon
scott lane ryan dean drew gray grant price rose bell
`

// ambiguousSurnames are surnames that are also common words.
const ambiguousSurnames = `
brown white black green gray grey young king hill wood stone field price bell cook baker miller
hunt lane rose may day page ward best church banks park lee chase street rice long little small
short strong sharp west north south east love hall wall rich bird fox wolf lamb bishop knight
mason turner carter cooper porter fisher hunter gardner parker walker bush moss marsh brooks
rivers waters fields woods golden silver gold rock cross ford grant bond dean frank james
jordan ray henry simon martin wells holmes mills booth gross lang winter sommer stein roth
graf otto vogel wolf fuchs berg meer bos vos kok boer wit groot ho le do lu su du ye ren jin
fu tan lam ng oh ahn cho song han pan cao xu sun gao ma he an hu yu fall sow kim
sale may hope
`

// nameStopwords never belong to a person's name: function words that
// start sentences, greetings, days and months, places, organisations and
// products.
const nameStopwords = `
the this that these those we you he she they it our your my his her their its a an and or but
if when where what why how who which whom can could would should shall will is are was were be
been being have has had do does did also just still now then today tomorrow yesterday please
thanks thank hi hello hey dear regards best cheers sincerely kind good morning afternoon
evening night yes no not any all some every each new old big great small first last next
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december
team support customer customers account accounts billing sales admin manager management
office department service services product products solutions systems technologies tech labs
studio store shop market center centre foundation institute university college school academy
hospital clinic pharmacy hotel restaurant cafe bar club church bank street road avenue lane
drive boulevard park city town county state province region country north south east west
central san santa saint st mount lake river beach valley island bay port airport station
tower house building plaza mall square court inc ltd llc llp plc corp co company companies
group holdings partners associates consulting international global digital media capital
ventures industries enterprises limited gmbh ag sa sas sarl bv nv pty srl spa kk
apple google microsoft amazon cloudflare slack github gitlab windows linux chrome firefox
safari android iphone ipad mac macos ios api sql server error warning order invoice ticket plan
pro business enterprise free premium basic standard user users data report dashboard
north america europe asia africa pacific latin middle united kingdom states republic
`

// nameParticles join the words of a name: van der Berg, da Silva, bin Said.
const nameParticles = `
van von de da del della der den di du la le dos das do bin ibn al el ter ten zu af
`

// nameTitles come before a name.
const nameTitles = `
mr mrs ms miss mx dr prof sir dame herr frau mme mlle sr sra srta dra sig
`

// nameSuffixes come after a name.
const nameSuffixes = `
jr sr ii iii iv phd md esq
`
