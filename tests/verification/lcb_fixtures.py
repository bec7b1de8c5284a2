"""Hand-written LiveCodeBench-style problems and solutions (stdin and functional)."""

from __future__ import annotations

from judgebench.verifiers.code_tests import CodeTests, TestCase

# stdin: read n then n integers, print their sum and their maximum on two lines
SUM_MAX = CodeTests(
    (
        TestCase("3\n1 2 3\n", "6\n3\n"),
        TestCase("1\n-5\n", "-5\n-5\n"),
        TestCase("4\n10 20 30 40\n", "100\n40\n"),
    )
)
SUM_MAX_CORRECT = "n = int(input())\na = list(map(int, input().split()))\nprint(sum(a))\nprint(max(a))\n"
SUM_MAX_OPEN0 = (
    "import sys\n\ndef main():\n    data = open(0).read().split()\n    a = list(map(int, data[1:]))\n"
    "    sys.stdout.write(f'{sum(a)}\\n{max(a)}\\n')\n\nif __name__ == '__main__':\n    main()\n"
)
# fails test 1
SUM_MAX_WRONG = "n = int(input())\na = list(map(int, input().split()))\nprint(sum(a))\nprint(min(a))\n"
SUM_MAX_SLOW = "import time\nn = int(input())\nwhile True:\n    time.sleep(0.01)\n"
SUM_MAX_CRASH = "n = int(input())\na = list(map(int, input().split()))\nprint(a[n])\n"  # IndexError
SUM_MAX_FENCED = "Here is my solution:\n```python\n" + SUM_MAX_CORRECT + "```\nIt reads the input.\n"

# functional (LeetCode style): twoSum returning the indices
TWO_SUM = CodeTests(
    (
        TestCase("[2,7,11,15]\n9", "[0,1]", "functional"),
        TestCase("[3,2,4]\n6", "[1,2]", "functional"),
        TestCase("[3,3]\n6", "[0,1]", "functional"),
    ),
    fn_name="twoSum",
)
TWO_SUM_CORRECT = (
    "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        seen = {}\n"
    "        for i, x in enumerate(nums):\n            if target - x in seen:\n"
    "                return (seen[target - x], i)\n            seen[x] = i\n"
)
TWO_SUM_WRONG = (
    "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]\n"  # right on tests 1 and 3 only
)
TWO_SUM_SLOW = "class Solution:\n    def twoSum(self, nums, target):\n        while True:\n            pass\n"
TWO_SUM_CRASH = "class Solution:\n    def twoSum(self, nums, target):\n        return nums[100]\n"
TWO_SUM_SWALLOWS = (
    "class Solution:\n    def twoSum(self, nums, target):\n        try:\n"
    "            while True:\n                pass\n"
    "        except Exception:\n            return [0, 1]\n"
)
