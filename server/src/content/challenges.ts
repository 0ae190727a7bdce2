import type { CodeTest } from "@levelup/shared";

/**
 * The seeded challenges, with their plain answers. Server-side only: the database keeps just a
 * salted hash of each flag, and no route returns answers, correct choices or hidden tests. The
 * answers stay here so tests and the README can show how each one is solved. `contentKey` is
 * the stable identity: loading again updates a challenge in place.
 */
interface SeedBase {
  contentKey: string;
  title: string;
  description: string;
  difficulty: number;
  xpReward: number;
  coinReward: number;
}

export type ChallengeSeed =
  | (SeedBase & { type: "CTF"; answer: string })
  | (SeedBase & { type: "BUG_BOUNTY"; answer: string })
  | (SeedBase & { type: "SYSTEM_DESIGN"; choices: { id: string; text: string }[]; correctChoices: string[] })
  | (SeedBase & { type: "CODE"; starterCode: string; tests: CodeTest[]; solution: string });

const pick =
  "Pick every choice that belongs in a sound design. Each right pick scores, each wrong pick costs as much; 60% passes.";

export const challengeSeeds: ChallengeSeed[] = [
  // ── CODE: a function run against hidden tests in the sandbox ─────────────────────────────
  {
    contentKey: "code-sum-evens",
    type: "CODE",
    title: "Sum of the evens",
    description:
      "Write `sumEvens(numbers)`: it returns the sum of the even numbers of the array `numbers` (negative ones included), and 0 for an empty array.\n\nExample: `sumEvens([1, 2, 3, 4])` is `6`.",
    difficulty: 1,
    xpReward: 60,
    coinReward: 25,
    starterCode: "function sumEvens(numbers) {\n  // your code\n}\n",
    tests: [
      { fn: "sumEvens", args: [[1, 2, 3, 4]], expected: 6, visible: true },
      { fn: "sumEvens", args: [[]], expected: 0, visible: true },
      { fn: "sumEvens", args: [[-2, 5, 8]], expected: 6, visible: false },
      { fn: "sumEvens", args: [[7, 9, 11]], expected: 0, visible: false },
    ],
    solution:
      "function sumEvens(numbers) {\n  return numbers.filter((n) => n % 2 === 0).reduce((a, b) => a + b, 0);\n}\n",
  },
  {
    contentKey: "code-palindrome",
    type: "CODE",
    title: "Palindrome, loosely",
    description:
      'Write `isPalindrome(text)`: `true` when `text` reads the same backwards once case is ignored and everything but the letters a–z and digits is removed, else `false`. An empty string is a palindrome.\n\nExample: `isPalindrome("Never odd or even")` is `true`.',
    difficulty: 2,
    xpReward: 120,
    coinReward: 50,
    starterCode: "function isPalindrome(text) {\n  // your code\n}\n",
    tests: [
      { fn: "isPalindrome", args: ["Never odd or even"], expected: true, visible: true },
      { fn: "isPalindrome", args: ["LevelUP"], expected: false, visible: true },
      { fn: "isPalindrome", args: ["A man, a plan, a canal: Panama!"], expected: true, visible: false },
      { fn: "isPalindrome", args: [""], expected: true, visible: false },
      { fn: "isPalindrome", args: ["12a21"], expected: true, visible: false },
      { fn: "isPalindrome", args: ["ab"], expected: false, visible: false },
    ],
    solution:
      'function isPalindrome(text) {\n  const s = text.toLowerCase().replace(/[^a-z0-9]/g, "");\n  return s === [...s].reverse().join("");\n}\n',
  },
  {
    contentKey: "code-fizzbuzz",
    type: "CODE",
    title: "FizzBuzz as a list",
    description:
      'Write `fizzBuzz(n)`: it returns an array of the strings for 1 to `n`: "Fizz" for multiples of 3, "Buzz" for multiples of 5, "FizzBuzz" for multiples of both, else the number as a string. `fizzBuzz(0)` is `[]`.\n\nExample: `fizzBuzz(5)` is `["1", "2", "Fizz", "4", "Buzz"]`.',
    difficulty: 2,
    xpReward: 100,
    coinReward: 40,
    starterCode: "function fizzBuzz(n) {\n  // your code\n}\n",
    tests: [
      { fn: "fizzBuzz", args: [5], expected: ["1", "2", "Fizz", "4", "Buzz"], visible: true },
      { fn: "fizzBuzz", args: [0], expected: [], visible: false },
      {
        fn: "fizzBuzz",
        args: [15],
        expected: [
          "1",
          "2",
          "Fizz",
          "4",
          "Buzz",
          "Fizz",
          "7",
          "8",
          "Fizz",
          "Buzz",
          "11",
          "Fizz",
          "13",
          "14",
          "FizzBuzz",
        ],
        visible: false,
      },
    ],
    solution:
      'function fizzBuzz(n) {\n  const out = [];\n  for (let i = 1; i <= n; i++) {\n    out.push(i % 15 === 0 ? "FizzBuzz" : i % 3 === 0 ? "Fizz" : i % 5 === 0 ? "Buzz" : String(i));\n  }\n  return out;\n}\n',
  },

  // ── CTF: find the flag; answers are compared case-insensitively, trimmed ─────────────────
  {
    contentKey: "ctf-base64",
    type: "CTF",
    title: "Not so secret",
    description:
      "We intercepted this string from a login form's hidden field:\n\n```\nZmxhZ3tiYXNlNjRfaXNfbm90X2VuY3J5cHRpb259\n```\n\nDecode it (hint: it is Base64) and submit the flag you find, in the form `flag{...}`.",
    difficulty: 1,
    xpReward: 50,
    coinReward: 20,
    answer: "flag{base64_is_not_encryption}",
  },
  {
    contentKey: "ctf-rot13",
    type: "CTF",
    title: "Caesar's shift",
    description:
      "A note on the server reads:\n\n```\nsynt{ebg13_vf_whfg_n_fuvsg}\n```\n\nEvery letter was moved 13 places along the alphabet (ROT13); digits, `_`, `{` and `}` were left alone. Shift it back and submit the flag.",
    difficulty: 1,
    xpReward: 70,
    coinReward: 30,
    answer: "flag{rot13_is_just_a_shift}",
  },
  {
    contentKey: "ctf-hex",
    type: "CTF",
    title: "Hex marks the spot",
    description:
      "A memory dump contains these bytes, written in hexadecimal:\n\n```\n66 6c 61 67 7b 68 65 78 5f 6d 61 72 6b 73 5f 74 68 65 5f 73 70 6f 74 7d\n```\n\nRead them as ASCII characters (0x66 is `f`, 0x6c is `l`…) and submit the flag.",
    difficulty: 2,
    xpReward: 110,
    coinReward: 45,
    answer: "flag{hex_marks_the_spot}",
  },

  // ── BUG_BOUNTY: find the defect; the answer is the line and what the bug is made of ──────
  // "line:detail", checked like a flag: a line number alone would be guessed in a few tries.
  {
    contentKey: "bug-off-by-one",
    type: "BUG_BOUNTY",
    title: "The last item",
    description:
      "This function should return the last item of an array, or `undefined` for an empty one, but it always returns `undefined`:\n\n```js\n1  function last(items) {\n2    if (items.length === 0) return undefined;\n3    return items[items.length];\n4  }\n```\n\nSubmit the number of the line with the bug and the index that line should read, as `line:index` without spaces (for example `2:items.length+1`).",
    difficulty: 1,
    xpReward: 50,
    coinReward: 20,
    answer: "3:items.length-1",
  },
  {
    contentKey: "bug-sql-injection",
    type: "BUG_BOUNTY",
    title: "Search that searches too much",
    description:
      'A product search handler:\n\n```js\n1  app.get("/search", async (req, res) => {\n2    const term = String(req.query.term ?? "").slice(0, 100);\n3    const sql = "SELECT id, name FROM products WHERE name LIKE \'%" + term + "%\'";\n4    const rows = await db.query(sql);\n5    res.json(rows.map((r) => ({ id: r.id, name: r.name })));\n6  });\n```\n\nAn attacker can read any table through this endpoint. Submit the number of the line where untrusted input is built into the query and the name of the variable that carries it there, as `line:name` (for example `5:rows`).',
    difficulty: 2,
    xpReward: 120,
    coinReward: 50,
    answer: "3:term",
  },
  {
    contentKey: "bug-idor",
    type: "BUG_BOUNTY",
    title: "Everybody's invoices",
    description:
      'Signed-in users can download their invoices:\n\n```js\n1  router.get("/invoices/:id", requireLogin, async (req, res) => {\n2    const invoice = await Invoices.findById(req.params.id);\n3    if (!invoice) return res.status(404).end();\n4    res.json(invoice);\n5  });\n```\n\nAny signed-in user can read anyone\'s invoice by changing the id. An invoice has the fields `id`, `userId` (its owner), `amount` and `pdfUrl`; the signed-in user is `req.user`. Submit the number of the line that hands out the invoice without checking that it belongs to the signed-in user and the invoice field that check must compare, as `line:field` (for example `2:amount`).',
    difficulty: 2,
    xpReward: 100,
    coinReward: 40,
    answer: "4:userId",
  },

  // ── SYSTEM_DESIGN: choices scored against a rubric ───────────────────────────────────────
  {
    contentKey: "design-rate-limit",
    type: "SYSTEM_DESIGN",
    title: "Rate limiting a public API",
    description: `Your API runs on 10 processes behind a load balancer and must limit each user to 100 requests per minute. ${pick}`,
    difficulty: 2,
    xpReward: 100,
    coinReward: 40,
    choices: [
      { id: "shared-store", text: "Keep the counters in a store all processes share, such as Redis" },
      { id: "per-process", text: "Keep a counter in each process's memory and allow 100 per process" },
      { id: "retry-after", text: "Answer 429 Too Many Requests with a Retry-After header" },
      { id: "window", text: "Count per user in a sliding window or token bucket" },
      { id: "ban-forever", text: "Ban the user's IP address permanently after the first burst" },
    ],
    correctChoices: ["shared-store", "retry-after", "window"],
  },
  {
    contentKey: "design-cache",
    type: "SYSTEM_DESIGN",
    title: "Caching a read-heavy profile page",
    description: `Profile pages are read 500 times for every write and each read costs three database queries. ${pick}`,
    difficulty: 2,
    xpReward: 100,
    coinReward: 40,
    choices: [
      { id: "cache-aside", text: "Cache-aside: read from the cache, fill it from the database on a miss" },
      { id: "invalidate", text: "Invalidate (or update) the cached profile when the profile is written" },
      { id: "ttl", text: "Give cached entries a time to live so a missed invalidation heals itself" },
      { id: "forever", text: "Cache profiles in every browser forever with no way to refresh" },
      { id: "shared-private", text: "Let a public CDN cache signed-in users' private JSON for everyone" },
    ],
    correctChoices: ["cache-aside", "invalidate", "ttl"],
  },
  {
    contentKey: "design-leaderboard",
    type: "SYSTEM_DESIGN",
    title: "A leaderboard for a million players",
    description: `Players want their global rank by XP, updated live, and the top 100. ${pick}`,
    difficulty: 3,
    xpReward: 150,
    coinReward: 60,
    choices: [
      { id: "sorted-set", text: "Keep scores in a Redis sorted set (ZADD, ZREVRANK, ZREVRANGE)" },
      { id: "index", text: "Back it with a database index on (xp desc, reached_at) for rebuilds and ties" },
      { id: "full-scan", text: "Run SELECT * ... ORDER BY xp over every player on each page view" },
      { id: "client-sort", text: "Send every player's score to the browser and sort it there" },
      { id: "paginate", text: "Serve the list in pages with a limit" },
    ],
    correctChoices: ["sorted-set", "index", "paginate"],
  },
];
