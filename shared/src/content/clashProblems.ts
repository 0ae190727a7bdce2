/**
 * The problem pool of code clashes: short JavaScript puzzles that 2–8 players race to solve, in
 * the spirit of Clash of Code. Each problem names the function the player writes, its text in
 * every locale the game speaks, the examples every player sees and the hidden validators that
 * decide the result.
 *
 * Server-side material: the validators and reference solutions are the answers. Only the server
 * (the clash room, which sends players the title, statement, examples and starter code) and its
 * tests and load bots import this module; the web client must never bundle it, which is why the
 * shared package's index does not export it.
 *
 * Every argument and expected value is plain JSON (the sandbox compares the player's result after
 * a JSON round trip), and every problem is exact: integers and strings only, no floating point.
 */

export const CLASH_LOCALES = ["en", "ko", "ja", "zh"] as const;
export type ClashLocale = (typeof CLASH_LOCALES)[number];
export type ClashText = Record<ClashLocale, string>;
export type ClashDifficulty = "easy" | "medium" | "hard";

/** One call of the player's function and the value it must return (deep-equal). */
export interface ClashCase {
  args: unknown[];
  expected: unknown;
}

export interface ClashProblem {
  /** Stable id, kebab-case, e.g. "clash-reverse-words". */
  id: string;
  difficulty: ClashDifficulty;
  /** Name of the function the player's code must define, e.g. "reverseWords". */
  fn: string;
  /** Its parameter names, for the starter code, e.g. ["sentence"]. */
  params: string[];
  title: ClashText;
  /** Plain text (no HTML, at most ~600 chars): what the function receives and must return, edge cases stated. */
  statement: ClashText;
  /** 2–3 cases shown to the players (in the "Reverse" mode they are all a player sees). */
  examples: ClashCase[];
  /** At least 5 hidden cases graded by the server, none deep-equal to an example's args, covering edge cases. */
  validators: ClashCase[];
  /** A correct, short reference solution (defines `fn`), used only by tests and load bots. */
  reference: string;
}

// Each statement ends with one worked call, `fn(args) → result`, identical in every locale; the
// server's pool test runs it against the reference, so the text cannot drift from the validators.
// The examples are chosen to reveal the rule on their own, for the Reverse mode, where players get
// no statement.
export const clashProblems: readonly ClashProblem[] = [
  // ── easy: one idea, a line or two ──────────────────────────────────────────────────────────
  {
    id: "clash-reverse-words",
    difficulty: "easy",
    fn: "reverseWords",
    params: ["sentence"],
    title: {
      en: "Reverse the Words",
      ko: "단어 순서 뒤집기",
      ja: "単語の順番を逆にする",
      zh: "单词倒序",
    },
    statement: {
      en: 'Given a sentence, return its words in reverse order, joined by single spaces. Words are separated by one or more spaces; leading and trailing spaces are ignored, and the characters inside each word stay as they are. A sentence with no words gives an empty string. Example: reverseWords("the sky is blue") → "blue is sky the"',
      ko: '문장 sentence가 주어지면 단어의 순서를 거꾸로 뒤집어 공백 하나로 이어 붙인 문자열을 반환하세요. 단어는 하나 이상의 공백으로 구분되며, 앞뒤 공백은 무시하고 각 단어 안의 글자 순서는 그대로 둡니다. 단어가 하나도 없으면 빈 문자열을 반환합니다. 예: reverseWords("the sky is blue") → "blue is sky the"',
      ja: '文 sentence を受け取り、単語の順番を逆にして半角スペース1つでつないだ文字列を返してください。単語は1つ以上のスペースで区切られています。先頭と末尾のスペースは無視し、各単語の中の文字の並びは変えません。単語が1つもなければ空文字列を返します。例: reverseWords("the sky is blue") → "blue is sky the"',
      zh: '给定一个句子 sentence，将其中的单词按相反顺序排列，并用单个空格连接后返回。单词之间由一个或多个空格分隔；忽略开头和结尾的空格，单词内部的字符顺序保持不变。如果句子中没有任何单词，返回空字符串。示例：reverseWords("the sky is blue") → "blue is sky the"',
    },
    examples: [
      { args: ["the sky is blue"], expected: "blue is sky the" },
      { args: ["  hello   world  "], expected: "world hello" },
    ],
    validators: [
      { args: [""], expected: "" },
      { args: ["   "], expected: "" },
      { args: ["single"], expected: "single" },
      { args: ["a b c d e"], expected: "e d c b a" },
      { args: ["  Keep  CASE, and punctuation! "], expected: "punctuation! and CASE, Keep" },
      { args: ["one two"], expected: "two one" },
    ],
    reference: `function reverseWords(sentence) {
  return sentence.split(" ").filter(Boolean).reverse().join(" ");
}
`,
  },
  {
    id: "clash-count-vowels",
    difficulty: "easy",
    fn: "countVowels",
    params: ["text"],
    title: {
      en: "Count the Vowels",
      ko: "모음 개수 세기",
      ja: "母音を数える",
      zh: "统计元音字母",
    },
    statement: {
      en: 'Return how many vowels the string text contains. The vowels are a, e, i, o and u, in lowercase or uppercase; y is not a vowel. Every other character (consonants, digits, spaces, punctuation) is ignored. An empty string has 0 vowels. Example: countVowels("Hello World") → 3',
      ko: '문자열 text에 들어 있는 모음의 개수를 반환하세요. 모음은 a, e, i, o, u이며 대문자와 소문자를 모두 셉니다. y는 모음이 아닙니다. 그 밖의 문자(자음, 숫자, 공백, 문장 부호)는 무시합니다. 빈 문자열의 모음 개수는 0입니다. 예: countVowels("Hello World") → 3',
      ja: '文字列 text に含まれる母音の数を返してください。母音は a, e, i, o, u で、大文字も小文字も数えます。y は母音ではありません。それ以外の文字（子音、数字、空白、記号）は無視します。空文字列なら 0 です。例: countVowels("Hello World") → 3',
      zh: '返回字符串 text 中元音字母的个数。元音字母是 a、e、i、o、u，大小写都算；y 不算元音。其他字符（辅音、数字、空格、标点）一律忽略。空字符串返回 0。示例：countVowels("Hello World") → 3',
    },
    examples: [
      { args: ["Hello World"], expected: 3 },
      { args: ["rhythm"], expected: 0 },
      { args: ["AEIOU aeiou"], expected: 10 },
    ],
    validators: [
      { args: [""], expected: 0 },
      { args: ["a"], expected: 1 },
      { args: ["y Y yy"], expected: 0 },
      { args: ["12345 !?"], expected: 0 },
      { args: ["Programming is fun!"], expected: 5 },
      { args: ["UPPER lower MiXeD"], expected: 6 },
      { args: ["queueing"], expected: 5 },
    ],
    reference: `function countVowels(text) {
  return (text.match(/[aeiou]/gi) ?? []).length;
}
`,
  },
  {
    id: "clash-digit-sum",
    difficulty: "easy",
    fn: "digitSum",
    params: ["n"],
    title: {
      en: "Sum of the Digits",
      ko: "각 자릿수의 합",
      ja: "各桁の和",
      zh: "各位数字之和",
    },
    statement: {
      en: "Given an integer n, return the sum of its decimal digits. For a negative n the minus sign is ignored, so digitSum(-45) is 9. The sum for 0 is 0. n is between -1000000000 and 1000000000. Example: digitSum(1234) → 10",
      ko: "정수 n이 주어지면 십진수로 쓴 각 자릿수의 합을 반환하세요. n이 음수이면 마이너스 부호는 무시하므로 digitSum(-45)는 9입니다. 0의 합은 0입니다. n은 -1000000000 이상 1000000000 이하입니다. 예: digitSum(1234) → 10",
      ja: "整数 n を受け取り、10進数で書いたときの各桁の数字の和を返してください。n が負の場合はマイナス記号を無視するので、digitSum(-45) は 9 です。0 の場合は 0 です。n は -1000000000 以上 1000000000 以下です。例: digitSum(1234) → 10",
      zh: "给定整数 n，返回它的十进制各位数字之和。若 n 为负数则忽略负号，因此 digitSum(-45) 为 9。n 为 0 时结果为 0。n 的范围是 -1000000000 到 1000000000。示例：digitSum(1234) → 10",
    },
    examples: [
      { args: [1234], expected: 10 },
      { args: [-45], expected: 9 },
      { args: [7], expected: 7 },
    ],
    validators: [
      { args: [0], expected: 0 },
      { args: [-7], expected: 7 },
      { args: [10203], expected: 6 },
      { args: [999999999], expected: 81 },
      { args: [1000000000], expected: 1 },
      { args: [-1000000000], expected: 1 },
      { args: [-5050], expected: 10 },
    ],
    reference: `function digitSum(n) {
  return [...String(Math.abs(n))].reduce((sum, digit) => sum + Number(digit), 0);
}
`,
  },
  {
    id: "clash-title-case",
    difficulty: "easy",
    fn: "titleCase",
    params: ["sentence"],
    title: {
      en: "Title Case",
      ko: "단어 첫 글자를 대문자로",
      ja: "単語の先頭を大文字に",
      zh: "单词首字母大写",
    },
    statement: {
      en: 'Return sentence with each word rewritten so that its first character is uppercase and the rest are lowercase. Words are separated by spaces, and the spaces are kept exactly as they are, even when repeated or at the start or end. Characters with no uppercase form, such as digits and punctuation, stay unchanged. Example: titleCase("hELLO wORLD") → "Hello World"',
      ko: 'sentence의 각 단어를 첫 글자는 대문자로, 나머지는 소문자로 바꾼 문자열을 반환하세요. 단어는 공백으로 구분되며, 공백은 연달아 있거나 맨 앞이나 맨 뒤에 있더라도 그대로 둡니다. 숫자나 문장 부호처럼 대문자가 없는 문자는 바뀌지 않습니다. 예: titleCase("hELLO wORLD") → "Hello World"',
      ja: 'sentence の各単語を、先頭の文字は大文字、残りは小文字にした文字列を返してください。単語はスペースで区切られています。スペースは連続していても先頭や末尾にあっても、そのまま残します。数字や記号のように大文字のない文字は変わりません。例: titleCase("hELLO wORLD") → "Hello World"',
      zh: '返回把 sentence 中每个单词改为首字符大写、其余字符小写后的字符串。单词之间以空格分隔，空格原样保留，连续的空格以及开头和结尾的空格也不例外。数字、标点等没有大写形式的字符保持不变。示例：titleCase("hELLO wORLD") → "Hello World"',
    },
    examples: [
      { args: ["hELLO wORLD"], expected: "Hello World" },
      { args: ["the  old   man"], expected: "The  Old   Man" },
      { args: ["it's 9AM"], expected: "It's 9am" },
    ],
    validators: [
      { args: [""], expected: "" },
      { args: ["   "], expected: "   " },
      { args: ["a"], expected: "A" },
      { args: [" leading and trailing "], expected: " Leading And Trailing " },
      { args: ["ALL CAPS"], expected: "All Caps" },
      { args: ["don't-stop me_now"], expected: "Don't-stop Me_now" },
      { args: ["3D PRINTER"], expected: "3d Printer" },
    ],
    reference: `function titleCase(sentence) {
  return sentence
    .split(" ")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(" ");
}
`,
  },
  {
    id: "clash-missing-number",
    difficulty: "easy",
    fn: "missingNumber",
    params: ["numbers"],
    title: {
      en: "The Missing Number",
      ko: "빠진 숫자 찾기",
      ja: "欠けている数",
      zh: "缺失的数字",
    },
    statement: {
      en: "The array numbers holds n distinct integers taken from 0 to n, in any order, so exactly one integer of that range is missing. Return it. For instance [3, 0, 1] has length 3, so the range is 0 to 3 and 2 is missing. An empty array (n = 0) is missing 0. Example: missingNumber([3, 0, 1]) → 2",
      ko: "배열 numbers에는 0부터 n까지의 정수 가운데 서로 다른 n개가 순서 없이 들어 있어서, 그 범위의 정수 하나가 빠져 있습니다. 빠진 정수를 반환하세요. 예를 들어 [3, 0, 1]은 길이가 3이므로 범위는 0부터 3까지이고 2가 빠져 있습니다. 빈 배열(n = 0)에서는 0이 빠져 있습니다. 예: missingNumber([3, 0, 1]) → 2",
      ja: "配列 numbers には 0 から n までの整数のうち異なる n 個が順不同で入っていて、その範囲の整数がちょうど1つ欠けています。欠けている整数を返してください。たとえば [3, 0, 1] は長さが 3 なので範囲は 0 から 3 までで、2 が欠けています。空の配列（n = 0）では 0 が欠けています。例: missingNumber([3, 0, 1]) → 2",
      zh: "数组 numbers 以任意顺序存放着 0 到 n 之间互不相同的 n 个整数，因此该范围内恰好缺少一个整数。请返回这个缺失的整数。例如 [3, 0, 1] 的长度为 3，范围是 0 到 3，缺少的是 2。空数组（n = 0）缺少的是 0。示例：missingNumber([3, 0, 1]) → 2",
    },
    examples: [
      { args: [[3, 0, 1]], expected: 2 },
      { args: [[0, 1]], expected: 2 },
      { args: [[1]], expected: 0 },
    ],
    validators: [
      { args: [[]], expected: 0 },
      { args: [[0]], expected: 1 },
      { args: [[2, 0]], expected: 1 },
      { args: [[1, 2, 3, 4, 5]], expected: 0 },
      { args: [[5, 3, 1, 0, 4]], expected: 2 },
      { args: [[9, 6, 4, 2, 3, 5, 7, 0, 1]], expected: 8 },
      { args: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]], expected: 10 },
    ],
    reference: `function missingNumber(numbers) {
  const n = numbers.length;
  return (n * (n + 1)) / 2 - numbers.reduce((sum, x) => sum + x, 0);
}
`,
  },

  // ── medium: a rule with a trap (duplicates, wrap-around, ties, a short last group) ────────
  {
    id: "clash-second-largest",
    difficulty: "medium",
    fn: "secondLargest",
    params: ["numbers"],
    title: {
      en: "Second Largest",
      ko: "두 번째로 큰 수",
      ja: "2番目に大きい数",
      zh: "第二大的数",
    },
    statement: {
      en: "Given an array of integers numbers, return the second largest distinct value: the largest value that is smaller than the maximum. Repeated values count once, so secondLargest([5, 5, 3]) is 3. If there is no such value (the array is empty or all its values are equal), return null. Example: secondLargest([4, 1, 7, 3]) → 4",
      ko: "정수 배열 numbers가 주어지면 서로 다른 값 가운데 두 번째로 큰 값, 즉 최댓값보다 작은 값 중 가장 큰 값을 반환하세요. 같은 값은 한 번만 세므로 secondLargest([5, 5, 3])은 3입니다. 그런 값이 없으면(배열이 비어 있거나 모든 값이 같으면) null을 반환합니다. 예: secondLargest([4, 1, 7, 3]) → 4",
      ja: "整数の配列 numbers を受け取り、異なる値の中で2番目に大きい値、つまり最大値より小さい値のうち最も大きいものを返してください。同じ値は1つとして数えるので、secondLargest([5, 5, 3]) は 3 です。そのような値がない場合（配列が空か、すべての値が等しい場合）は null を返します。例: secondLargest([4, 1, 7, 3]) → 4",
      zh: "给定整数数组 numbers，返回其中第二大的不同值，即小于最大值的所有值中最大的那个。重复的值只算一次，所以 secondLargest([5, 5, 3]) 为 3。如果不存在这样的值（数组为空或所有值都相等），返回 null。示例：secondLargest([4, 1, 7, 3]) → 4",
    },
    examples: [
      { args: [[4, 1, 7, 3]], expected: 4 },
      { args: [[5, 5, 3]], expected: 3 },
      { args: [[2, 2]], expected: null },
    ],
    validators: [
      { args: [[]], expected: null },
      { args: [[42]], expected: null },
      { args: [[-3, -1, -2]], expected: -2 },
      { args: [[0, -5]], expected: -5 },
      { args: [[10, 9, 10, 9]], expected: 9 },
      { args: [[7, 7, 7, 6]], expected: 6 },
      { args: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], expected: 9 },
      { args: [[100, -100, 50, 100]], expected: 50 },
    ],
    reference: `function secondLargest(numbers) {
  const distinct = [...new Set(numbers)].sort((a, b) => b - a);
  return distinct.length > 1 ? distinct[1] : null;
}
`,
  },
  {
    id: "clash-caesar-shift",
    difficulty: "medium",
    fn: "caesarShift",
    params: ["text", "shift"],
    title: {
      en: "Caesar Cipher",
      ko: "카이사르 암호",
      ja: "シーザー暗号",
      zh: "凯撒密码",
    },
    statement: {
      en: 'Return text with every letter replaced by the letter shift places later in the alphabet, wrapping around from z back to a. Uppercase letters stay uppercase and lowercase letters stay lowercase; every other character is unchanged. shift is an integer from -1000 to 1000: a negative shift moves letters backwards, and a shift of 26 changes nothing. Example: caesarShift("Hello, World!", 3) → "Khoor, Zruog!"',
      ko: 'text의 각 영문자를 알파벳 순서에서 shift칸 뒤에 있는 글자로 바꾼 문자열을 반환하세요(z 다음은 다시 a입니다). 대문자는 대문자로, 소문자는 소문자로 남고, 영문자가 아닌 문자는 바뀌지 않습니다. shift는 -1000 이상 1000 이하의 정수이며, 음수이면 그만큼 앞의 글자로 바꾸고, 26칸을 옮기면 원래 글자 그대로입니다. 예: caesarShift("Hello, World!", 3) → "Khoor, Zruog!"',
      ja: 'text の各英字を、アルファベット順で shift 文字あとの文字に置き換えた文字列を返してください（z の次は a に戻ります）。大文字は大文字のまま、小文字は小文字のままで、英字以外の文字は変えません。shift は -1000 以上 1000 以下の整数で、負の値なら前の文字へずらし、26 ずらすと元の文字に戻ります。例: caesarShift("Hello, World!", 3) → "Khoor, Zruog!"',
      zh: '把 text 中的每个英文字母替换为字母表中它后面第 shift 个字母（z 之后回到 a），返回结果字符串。大写字母仍为大写，小写字母仍为小写，非字母字符保持不变。shift 是 -1000 到 1000 之间的整数：为负数时向前移动，移动 26 位则字母不变。示例：caesarShift("Hello, World!", 3) → "Khoor, Zruog!"',
    },
    examples: [
      { args: ["Hello, World!", 3], expected: "Khoor, Zruog!" },
      { args: ["xyz", 2], expected: "zab" },
      { args: ["Abc", -1], expected: "Zab" },
    ],
    validators: [
      { args: ["", 5], expected: "" },
      { args: ["abc", 0], expected: "abc" },
      { args: ["abc", 26], expected: "abc" },
      { args: ["Zebra-42", 1], expected: "Afcsb-42" },
      { args: ["hello", -27], expected: "gdkkn" },
      { args: ["The quick brown fox", 13], expected: "Gur dhvpx oebja sbk" },
      { args: ["ABC xyz", 1000], expected: "MNO jkl" },
      { args: ["mno", -1000], expected: "abc" },
    ],
    reference: `function caesarShift(text, shift) {
  const k = ((shift % 26) + 26) % 26;
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + k) % 26) + base);
  });
}
`,
  },
  {
    id: "clash-camel-case",
    difficulty: "medium",
    fn: "toCamelCase",
    params: ["text"],
    title: {
      en: "camelCase Converter",
      ko: "카멜 표기법으로 바꾸기",
      ja: "キャメルケースに変換",
      zh: "转换为驼峰命名",
    },
    statement: {
      en: 'Convert text to camelCase. Words are the runs of letters (a–z, A–Z) and digits; any other character (space, hyphen, underscore, ...) only separates words. Join the words with nothing in between: the first word all lowercase, each following word with its first character uppercase and the rest lowercase. If there are no words, return an empty string. Example: toCamelCase("user_ID-number") → "userIdNumber"',
      ko: 'text를 camelCase로 바꿔 반환하세요. 단어는 영문자(a–z, A–Z)와 숫자가 연속된 부분이며, 그 밖의 문자(공백, 하이픈, 밑줄 등)는 단어를 나누는 역할만 합니다. 단어들을 사이에 아무것도 넣지 않고 이어 붙이되, 첫 단어는 모두 소문자로, 그다음 단어들은 첫 글자만 대문자로 하고 나머지는 소문자로 씁니다. 단어가 하나도 없으면 빈 문자열을 반환합니다. 예: toCamelCase("user_ID-number") → "userIdNumber"',
      ja: 'text をキャメルケース（camelCase）に変換して返してください。単語とは英字（a–z, A–Z）と数字が連続した部分で、それ以外の文字（空白、ハイフン、アンダースコアなど）は単語の区切りにすぎません。単語は間に何も挟まずにつなげ、最初の単語はすべて小文字、2つ目以降の単語は先頭の文字だけ大文字で残りは小文字にします。単語がなければ空文字列を返します。例: toCamelCase("user_ID-number") → "userIdNumber"',
      zh: '将 text 转换为驼峰命名（camelCase）后返回。单词是由英文字母（a–z、A–Z）和数字组成的连续片段，其他字符（空格、连字符、下划线等）只起分隔单词的作用。把各单词直接拼接起来：第一个单词全部小写，之后每个单词首字符大写、其余小写。如果没有任何单词，返回空字符串。示例：toCamelCase("user_ID-number") → "userIdNumber"',
    },
    examples: [
      { args: ["hello world"], expected: "helloWorld" },
      { args: ["user_ID-number"], expected: "userIdNumber" },
      { args: ["  Make IT__simple "], expected: "makeItSimple" },
    ],
    validators: [
      { args: [""], expected: "" },
      { args: ["---"], expected: "" },
      { args: ["single"], expected: "single" },
      { args: ["ALREADY"], expected: "already" },
      { args: ["camelCase input"], expected: "camelcaseInput" },
      { args: ["version 2 beta"], expected: "version2Beta" },
      { args: ["3d model-viewer"], expected: "3dModelViewer" },
      { args: ["a.b.c"], expected: "aBC" },
    ],
    reference: `function toCamelCase(text) {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join("");
}
`,
  },
  {
    id: "clash-most-frequent-char",
    difficulty: "medium",
    fn: "mostFrequentChar",
    params: ["text"],
    title: {
      en: "Most Frequent Character",
      ko: "가장 많이 나온 문자",
      ja: "最も多く現れる文字",
      zh: "出现次数最多的字符",
    },
    statement: {
      en: 'Return the character that appears most often in text. Every character counts, spaces and punctuation included, and uppercase and lowercase are different characters. If several characters appear equally often, return the one whose first appearance comes earliest in text. For an empty string, return an empty string. Example: mostFrequentChar("abracadabra") → "a"',
      ko: 'text에서 가장 많이 나오는 문자를 반환하세요. 공백과 문장 부호를 포함해 모든 문자를 세며, 대문자와 소문자는 서로 다른 문자입니다. 가장 많이 나온 문자가 여럿이면 그중 text에서 처음 나온 위치가 가장 앞선 문자를 반환합니다. 빈 문자열이면 빈 문자열을 반환합니다. 예: mostFrequentChar("abracadabra") → "a"',
      ja: 'text の中で最も多く現れる文字を返してください。空白や記号も含めてすべての文字を数え、大文字と小文字は別の文字とします。同じ回数で並ぶ文字が複数ある場合は、text の中で最初に現れる位置が最も前にある文字を返します。空文字列なら空文字列を返します。例: mostFrequentChar("abracadabra") → "a"',
      zh: '返回 text 中出现次数最多的字符。所有字符都计入，包括空格和标点，大写和小写算作不同的字符。如果有多个字符出现次数并列最多，返回其中在 text 里最先出现的那个。空字符串返回空字符串。示例：mostFrequentChar("abracadabra") → "a"',
    },
    examples: [
      { args: ["abracadabra"], expected: "a" },
      { args: ["hello world"], expected: "l" },
      { args: ["bbaacc"], expected: "b" },
    ],
    validators: [
      { args: [""], expected: "" },
      { args: ["z"], expected: "z" },
      { args: ["a b c d"], expected: " " },
      { args: ["AaAab"], expected: "A" },
      { args: ["xyzzy"], expected: "y" },
      { args: ["!!??!"], expected: "!" },
      { args: ["Mississippi"], expected: "i" },
      { args: ["112233"], expected: "1" },
    ],
    reference: `function mostFrequentChar(text) {
  const counts = new Map();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  // A Map iterates in insertion order, i.e. by first appearance: a strict > keeps the earliest of a tie.
  let best = "";
  for (const [c, n] of counts) if (n > (counts.get(best) ?? 0)) best = c;
  return best;
}
`,
  },
  {
    id: "clash-chunk-array",
    difficulty: "medium",
    fn: "chunk",
    params: ["items", "size"],
    title: {
      en: "Chunk an Array",
      ko: "배열을 묶음으로 나누기",
      ja: "配列をグループに分ける",
      zh: "数组分组",
    },
    statement: {
      en: "Split the array items into consecutive groups of size elements, keeping their order, and return the array of groups. The last group holds whatever is left, so it may be shorter; no group is ever empty. size is a positive integer, possibly larger than the array. An empty array gives an empty array. Example: chunk([1, 2, 3, 4, 5], 2) → [[1,2],[3,4],[5]]",
      ko: "배열 items를 순서를 유지한 채 앞에서부터 size개씩 묶어, 그 묶음들의 배열을 반환하세요. 마지막 묶음에는 남은 원소만 들어가므로 더 짧을 수 있으며, 빈 묶음은 없습니다. size는 양의 정수이고 배열의 길이보다 클 수도 있습니다. 빈 배열이면 빈 배열을 반환합니다. 예: chunk([1, 2, 3, 4, 5], 2) → [[1,2],[3,4],[5]]",
      ja: "配列 items を順番を保ったまま先頭から size 個ずつのグループに分け、グループの配列を返してください。最後のグループには残りの要素だけが入るので短くなることがありますが、空のグループは作りません。size は正の整数で、配列の長さより大きいこともあります。空の配列なら空の配列を返します。例: chunk([1, 2, 3, 4, 5], 2) → [[1,2],[3,4],[5]]",
      zh: "将数组 items 按原有顺序从头开始每 size 个元素分成一组，返回由这些组构成的数组。最后一组只包含剩下的元素，因此可能更短，但不会出现空组。size 是正整数，可能大于数组长度。空数组返回空数组。示例：chunk([1, 2, 3, 4, 5], 2) → [[1,2],[3,4],[5]]",
    },
    examples: [
      { args: [[1, 2, 3, 4, 5], 2], expected: [[1, 2], [3, 4], [5]] },
      { args: [["a", "b", "c"], 1], expected: [["a"], ["b"], ["c"]] },
      { args: [[1, 2], 5], expected: [[1, 2]] },
    ],
    validators: [
      { args: [[], 3], expected: [] },
      { args: [[7], 1], expected: [[7]] },
      {
        args: [[1, 2, 3, 4, 5, 6], 3],
        expected: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
      {
        args: [[1, 2, 3, 4, 5, 6, 7], 4],
        expected: [
          [1, 2, 3, 4],
          [5, 6, 7],
        ],
      },
      { args: [["x", "y", "z", "w"], 3], expected: [["x", "y", "z"], ["w"]] },
      { args: [[true, false, null], 2], expected: [[true, false], [null]] },
      { args: [[[1], [2], [3]], 2], expected: [[[1], [2]], [[3]]] },
    ],
    reference: `function chunk(items, size) {
  const groups = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
`,
  },

  // ── hard: a small algorithm (a stack, a walk, a table) with several edge cases ─────────────
  {
    id: "clash-run-length",
    difficulty: "hard",
    fn: "runLength",
    params: ["text"],
    title: {
      en: "Run-Length Encoding",
      ko: "런 렝스 부호화",
      ja: "ランレングス圧縮",
      zh: "游程编码",
    },
    statement: {
      en: 'Compress text with run-length encoding and return the result: each run of one character repeated one or more times in a row becomes the length of the run followed by that character. A character that appears alone is written with the count 1. Uppercase and lowercase are different characters. text contains no digits; an empty text gives an empty string. Example: runLength("aaabccdddd") → "3a1b2c4d"',
      ko: 'text를 런 렝스 부호화로 압축한 결과를 반환하세요. 같은 문자가 한 번 이상 연달아 이어진 구간마다 그 길이를 쓰고 뒤에 해당 문자를 붙입니다. 한 번만 나온 문자도 개수 1을 붙여 씁니다. 대문자와 소문자는 서로 다른 문자입니다. text에는 숫자가 없으며, 빈 문자열이면 빈 문자열을 반환합니다. 예: runLength("aaabccdddd") → "3a1b2c4d"',
      ja: 'text をランレングス圧縮した結果を返してください。同じ文字が1回以上連続している部分ごとに、その長さを書き、続けてその文字を書きます。1回だけ現れる文字にも個数 1 を付けます。大文字と小文字は別の文字です。text に数字は含まれません。空文字列なら空文字列を返します。例: runLength("aaabccdddd") → "3a1b2c4d"',
      zh: '用游程编码压缩 text 并返回结果：每一段由同一字符连续重复一次或多次构成的片段，写成该段的长度后面跟上这个字符。只出现一次的字符也要写上个数 1。大写和小写算作不同的字符。text 中不含数字；空字符串返回空字符串。示例：runLength("aaabccdddd") → "3a1b2c4d"',
    },
    examples: [
      { args: ["aaabccdddd"], expected: "3a1b2c4d" },
      { args: ["abc"], expected: "1a1b1c" },
      { args: ["zzzzzzzzzzzz"], expected: "12z" },
    ],
    validators: [
      { args: [""], expected: "" },
      { args: ["x"], expected: "1x" },
      { args: ["aAaa"], expected: "1a1A2a" },
      { args: ["aabbaa"], expected: "2a2b2a" },
      { args: ["  !!"], expected: "2 2!" },
      { args: ["wwwwaaadexxxxxx"], expected: "4w3a1d1e6x" },
      { args: ["b".repeat(100)], expected: "100b" },
    ],
    reference: `function runLength(text) {
  return text.replace(/(.)\\1*/g, (run, c) => run.length + c);
}
`,
  },
  {
    id: "clash-balanced-brackets",
    difficulty: "hard",
    fn: "isBalanced",
    params: ["text"],
    title: {
      en: "Balanced Brackets",
      ko: "괄호 짝 맞추기",
      ja: "括弧の対応",
      zh: "括号匹配",
    },
    statement: {
      en: 'Return true if the brackets in text are balanced, false otherwise. There are three kinds: (), [] and {}. Each closing bracket must close the most recently opened bracket that is still open, which must be of the same kind, and no bracket may be left open at the end. Every other character is ignored; a text with no brackets is balanced. Example: isBalanced("f(a[0], {b: 1})") → true',
      ko: 'text의 괄호가 올바르게 짝지어져 있으면 true, 아니면 false를 반환하세요. 괄호는 (), [], {} 세 종류입니다. 닫는 괄호는 매번 아직 열려 있는 괄호 중 가장 최근에 열린 괄호를 닫으며, 그 괄호와 종류가 같아야 합니다. 또한 끝까지 열린 채로 남는 괄호가 없어야 합니다. 괄호가 아닌 문자는 무시하며, 괄호가 하나도 없는 text도 올바릅니다. 예: isBalanced("f(a[0], {b: 1})") → true',
      ja: 'text の括弧が正しく対応していれば true、そうでなければ false を返してください。括弧は ()、[]、{} の3種類です。閉じ括弧はそのたびに、まだ開いている括弧のうち最後に開かれたものを閉じ、その括弧と同じ種類でなければなりません。また、最後まで開いたまま残る括弧があってはいけません。括弧以外の文字は無視し、括弧が1つもない text も正しいものとします。例: isBalanced("f(a[0], {b: 1})") → true',
      zh: '如果 text 中的括号正确匹配，返回 true，否则返回 false。括号有 ()、[]、{} 三种。每个右括号都要闭合当前仍未闭合的括号中最近打开的那个，并且两者类型必须相同；到最后也不能留下未闭合的括号。括号以外的字符一律忽略，不含括号的 text 也算匹配。示例：isBalanced("f(a[0], {b: 1})") → true',
    },
    examples: [
      { args: ["f(a[0], {b: 1})"], expected: true },
      { args: ["([)]"], expected: false },
      { args: ["(()"], expected: false },
    ],
    validators: [
      { args: [""], expected: true },
      { args: ["no brackets here"], expected: true },
      { args: ["[]{}()"], expected: true },
      { args: ["{[()()]}"], expected: true },
      { args: ["]"], expected: false },
      { args: [")("], expected: false },
      { args: ["{[}]"], expected: false },
      { args: ["a(b)c]"], expected: false },
      { args: ["((((((((((x))))))))))"], expected: true },
    ],
    reference: `function isBalanced(text) {
  const opening = { ")": "(", "]": "[", "}": "{" };
  const open = [];
  for (const c of text) {
    if ("([{".includes(c)) open.push(c);
    else if (c in opening && open.pop() !== opening[c]) return false;
  }
  return open.length === 0;
}
`,
  },
  {
    id: "clash-spiral-order",
    difficulty: "hard",
    fn: "spiralOrder",
    params: ["matrix"],
    title: {
      en: "Spiral Order",
      ko: "나선형으로 읽기",
      ja: "らせん順に読む",
      zh: "螺旋遍历矩阵",
    },
    statement: {
      en: "Given a matrix (an array of rows, all of the same length), return all of its values in spiral order: start at the top-left corner, go right along the top row, down the right column, left along the bottom row and up the left column, then repeat inwards until every value has been taken exactly once. A matrix with no values (such as []) gives []. Example: spiralOrder([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) → [1,2,3,6,9,8,7,4,5]",
      ko: "행렬 matrix(길이가 모두 같은 행들의 배열)가 주어지면 모든 값을 나선 순서로 담은 배열을 반환하세요. 왼쪽 위 모서리에서 시작해 맨 위 행을 따라 오른쪽으로, 오른쪽 열을 따라 아래로, 맨 아래 행을 따라 왼쪽으로, 왼쪽 열을 따라 위로 이동하고, 모든 값을 정확히 한 번씩 가져올 때까지 안쪽으로 들어가며 반복합니다. 값이 없는 행렬(예: [])이면 []를 반환합니다. 예: spiralOrder([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) → [1,2,3,6,9,8,7,4,5]",
      ja: "行列 matrix（すべて同じ長さの行を並べた配列）を受け取り、すべての値をらせん順に並べた配列を返してください。左上の隅から始めて、一番上の行を右へ、右端の列を下へ、一番下の行を左へ、左端の列を上へと進み、すべての値をちょうど1回ずつ取るまで内側へ向かって繰り返します。値のない行列（[] など）なら [] を返します。例: spiralOrder([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) → [1,2,3,6,9,8,7,4,5]",
      zh: "给定矩阵 matrix（由长度相同的若干行组成的数组），按螺旋顺序返回其中所有的值：从左上角开始，沿最上面一行向右，沿最右边一列向下，沿最下面一行向左，再沿最左边一列向上，然后一圈圈向内重复，直到每个值都恰好取过一次。没有任何值的矩阵（例如 []）返回 []。示例：spiralOrder([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) → [1,2,3,6,9,8,7,4,5]",
    },
    examples: [
      {
        args: [
          [
            [1, 2, 3],
            [4, 5, 6],
            [7, 8, 9],
          ],
        ],
        expected: [1, 2, 3, 6, 9, 8, 7, 4, 5],
      },
      {
        args: [
          [
            [1, 2, 3, 4],
            [5, 6, 7, 8],
          ],
        ],
        expected: [1, 2, 3, 4, 8, 7, 6, 5],
      },
      { args: [[[1], [2], [3]]], expected: [1, 2, 3] },
    ],
    validators: [
      { args: [[]], expected: [] },
      { args: [[[], []]], expected: [] },
      { args: [[[42]]], expected: [42] },
      { args: [[[1, 2, 3, 4, 5]]], expected: [1, 2, 3, 4, 5] },
      {
        args: [
          [
            [1, 2],
            [3, 4],
          ],
        ],
        expected: [1, 2, 4, 3],
      },
      {
        args: [
          [
            [1, 2],
            [3, 4],
            [5, 6],
            [7, 8],
          ],
        ],
        expected: [1, 2, 4, 6, 8, 7, 5, 3],
      },
      {
        args: [
          [
            [1, 2, 3, 4],
            [5, 6, 7, 8],
            [9, 10, 11, 12],
          ],
        ],
        expected: [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7],
      },
      {
        args: [
          [
            [1, 2, 3, 4],
            [5, 6, 7, 8],
            [9, 10, 11, 12],
            [13, 14, 15, 16],
          ],
        ],
        expected: [1, 2, 3, 4, 8, 12, 16, 15, 14, 13, 9, 5, 6, 7, 11, 10],
      },
      {
        args: [
          [
            ["a", "b"],
            ["c", "d"],
            ["e", "f"],
          ],
        ],
        expected: ["a", "b", "d", "f", "e", "c"],
      },
    ],
    reference: `function spiralOrder(matrix) {
  // Peel the outer ring off a copy, side by side, until nothing is left.
  const rows = matrix.map((row) => [...row]);
  const out = [];
  while (rows.length) {
    out.push(...rows.shift());
    for (const row of rows) if (row.length) out.push(row.pop());
    if (rows.length) out.push(...rows.pop().reverse());
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i].length) out.push(rows[i].shift());
  }
  return out;
}
`,
  },
  {
    id: "clash-roman-numerals",
    difficulty: "hard",
    fn: "toRoman",
    params: ["n"],
    title: {
      en: "Roman Numerals",
      ko: "로마 숫자로 쓰기",
      ja: "ローマ数字",
      zh: "罗马数字",
    },
    statement: {
      en: 'Given an integer n from 1 to 3999, return it written in uppercase Roman numerals. The symbols are I=1, V=5, X=10, L=50, C=100, D=500 and M=1000, written from the largest value to the smallest. The subtractive pairs IV=4, IX=9, XL=40, XC=90, CD=400 and CM=900 are always used where they fit, so 4 is IV (never IIII) and 9 is IX (never VIIII). Example: toRoman(1994) → "MCMXCIV"',
      ko: '1 이상 3999 이하의 정수 n이 주어지면 대문자 로마 숫자로 쓴 문자열을 반환하세요. 기호는 I=1, V=5, X=10, L=50, C=100, D=500, M=1000이며 큰 값부터 작은 값 순서로 씁니다. 빼기 표기 IV=4, IX=9, XL=40, XC=90, CD=400, CM=900은 쓸 수 있는 곳에서는 항상 사용하므로 4는 IIII가 아니라 IV, 9는 VIIII가 아니라 IX입니다. 예: toRoman(1994) → "MCMXCIV"',
      ja: '1 以上 3999 以下の整数 n を受け取り、大文字のローマ数字で表した文字列を返してください。記号は I=1, V=5, X=10, L=50, C=100, D=500, M=1000 で、大きい値から小さい値の順に書きます。減算表記 IV=4, IX=9, XL=40, XC=90, CD=400, CM=900 は使える箇所では必ず使うので、4 は IIII ではなく IV、9 は VIIII ではなく IX です。例: toRoman(1994) → "MCMXCIV"',
      zh: '给定 1 到 3999 之间的整数 n，返回用大写罗马数字表示的字符串。符号为 I=1、V=5、X=10、L=50、C=100、D=500、M=1000，按从大到小的顺序书写。减法形式 IV=4、IX=9、XL=40、XC=90、CD=400、CM=900 在适用时必须使用，因此 4 写作 IV 而不是 IIII，9 写作 IX 而不是 VIIII。示例：toRoman(1994) → "MCMXCIV"',
    },
    examples: [
      { args: [3], expected: "III" },
      { args: [58], expected: "LVIII" },
      { args: [1994], expected: "MCMXCIV" },
    ],
    validators: [
      { args: [1], expected: "I" },
      { args: [4], expected: "IV" },
      { args: [9], expected: "IX" },
      { args: [14], expected: "XIV" },
      { args: [40], expected: "XL" },
      { args: [90], expected: "XC" },
      { args: [444], expected: "CDXLIV" },
      { args: [2024], expected: "MMXXIV" },
      { args: [3888], expected: "MMMDCCCLXXXVIII" },
      { args: [3999], expected: "MMMCMXCIX" },
    ],
    reference: `function toRoman(n) {
  const symbols = [
    [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
    [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
  ];
  let out = "";
  for (const [value, symbol] of symbols) {
    for (; n >= value; n -= value) out += symbol;
  }
  return out;
}
`,
  },
  {
    id: "clash-common-prefix",
    difficulty: "hard",
    fn: "longestCommonPrefix",
    params: ["words"],
    title: {
      en: "Longest Common Prefix",
      ko: "가장 긴 공통 접두사",
      ja: "最長の共通接頭辞",
      zh: "最长公共前缀",
    },
    statement: {
      en: 'Given an array of strings words, return the longest string that every one of them starts with. The comparison is case-sensitive. If they have no common prefix, return an empty string; an empty array also gives an empty string, and an array of a single word gives that word. Example: longestCommonPrefix(["flower", "flow", "flight"]) → "fl"',
      ko: '문자열 배열 words가 주어지면 모든 문자열이 공통으로 시작하는 가장 긴 문자열을 반환하세요. 대문자와 소문자를 구분합니다. 공통 접두사가 없으면 빈 문자열을 반환하고, 빈 배열일 때도 빈 문자열을, 단어가 하나뿐이면 그 단어를 반환합니다. 예: longestCommonPrefix(["flower", "flow", "flight"]) → "fl"',
      ja: '文字列の配列 words を受け取り、すべての文字列に共通する最も長い先頭部分（接頭辞）を返してください。大文字と小文字は区別します。共通の接頭辞がなければ空文字列を返します。配列が空のときも空文字列を、単語が1つだけならその単語を返します。例: longestCommonPrefix(["flower", "flow", "flight"]) → "fl"',
      zh: '给定字符串数组 words，返回所有字符串共同拥有的最长开头部分（前缀）。区分大小写。如果没有公共前缀，返回空字符串；数组为空时也返回空字符串，只有一个单词时返回该单词本身。示例：longestCommonPrefix(["flower", "flow", "flight"]) → "fl"',
    },
    examples: [
      { args: [["flower", "flow", "flight"]], expected: "fl" },
      { args: [["dog", "racecar", "car"]], expected: "" },
      { args: [["interview", "internet", "interval"]], expected: "inter" },
    ],
    validators: [
      { args: [[]], expected: "" },
      { args: [["alone"]], expected: "alone" },
      { args: [["same", "same", "same"]], expected: "same" },
      { args: [["prefix", "pre"]], expected: "pre" },
      { args: [["Apple", "apple"]], expected: "" },
      { args: [["", "abc"]], expected: "" },
      { args: [["abc", "abd", "ab"]], expected: "ab" },
      { args: [["throne", "thrones", "thro"]], expected: "thro" },
    ],
    reference: `function longestCommonPrefix(words) {
  if (words.length === 0) return "";
  let prefix = words[0];
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
`,
  },
];

const problemsById = new Map(clashProblems.map((problem) => [problem.id, problem]));

export function clashProblemById(id: string): ClashProblem | undefined {
  return problemsById.get(id);
}

/** Starter code: `function <fn>(<params>) {\n  \n}\n`. */
export function clashStarterCode(problem: ClashProblem): string {
  return `function ${problem.fn}(${problem.params.join(", ")}) {\n  \n}\n`;
}
