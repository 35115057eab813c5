// dicegame scoring (SEED-SPEC §6.2, §8.8): the Go server's 42 reference cases, table-driven, plus
// the scoring options the bots choose from.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "dicegame/rules.hpp"

namespace gameserver::games::dicegame {
namespace {

struct score_case {
    std::string name;
    std::vector<int> dice;
    std::int64_t points;
    bool valid;
};

// calculate_score_test.go, in its order (the scrambled 1-6 run appears twice there too), plus the
// [2,2,3,5,6,6] case of the other test version SEED-SPEC lists.
const std::vector<score_case>& reference_cases() {
    static const std::vector<score_case> cases = {
        {"empty dice", {}, 0, false},
        {"single 1", {1}, 100, true},
        {"single 5", {5}, 50, true},
        {"single 2", {2}, 0, false},
        {"single 3", {3}, 0, false},
        {"single 4", {4}, 0, false},
        {"single 6", {6}, 0, false},
        {"multiple 1s", {1, 1}, 200, true},
        {"multiple 5s", {5, 5}, 100, true},
        {"mixed 1s and 5s", {1, 5}, 150, true},
        {"three 1s", {1, 1, 1}, 1000, true},
        {"three 2s", {2, 2, 2}, 200, true},
        {"three 3s", {3, 3, 3}, 300, true},
        {"three 4s", {4, 4, 4}, 400, true},
        {"three 5s", {5, 5, 5}, 500, true},
        {"three 6s", {6, 6, 6}, 600, true},
        {"four 1s", {1, 1, 1, 1}, 2000, true},
        {"four 4s", {4, 4, 4, 4}, 800, true},
        {"four 5s", {5, 5, 5, 5}, 1000, true},
        {"six 1s", {1, 1, 1, 1, 1, 1}, 8000, true},
        {"six 3s", {3, 3, 3, 3, 3, 3}, 2400, true},
        {"six 5s", {5, 5, 5, 5, 5, 5}, 4000, true},
        {"run 1-5", {1, 2, 3, 4, 5}, 500, true},
        {"run 1-5 + 1", {1, 2, 3, 4, 5, 1}, 600, true},
        {"run 1-5 + 5", {1, 2, 3, 4, 5, 5}, 550, true},
        {"run 1-5 + 3", {1, 2, 3, 4, 5, 3}, 500, false},
        {"run 2-6", {2, 3, 4, 5, 6}, 750, true},
        {"run 2-6 + 5", {5, 2, 3, 4, 5, 6}, 800, true},
        {"run 2-6 + 3", {3, 2, 3, 4, 5, 6}, 750, false},
        {"run 1-6", {1, 2, 3, 4, 5, 6}, 1500, true},
        {"scrambled run 1-6", {6, 4, 2, 1, 3, 5}, 1500, true},
        {"three 1s plus a 5", {1, 1, 1, 5}, 1050, true},
        {"three 2s plus a 1", {2, 2, 2, 1}, 300, true},
        {"scrambled run 1-6 again", {6, 4, 2, 1, 3, 5}, 1500, true},
        {"two 1s and one 3", {1, 1, 3}, 200, false},
        {"two 2s and one 3", {2, 2, 3}, 0, false},
        {"two 3s and one 4", {3, 3, 4}, 0, false},
        {"mixed non-scoring dice", {2, 3, 4, 6}, 0, false},
        {"incomplete run 1-4", {1, 2, 3, 4}, 100, false},
        {"almost three of a kind plus scoring dice", {2, 2, 1}, 100, false},
        {"multiple three of a kind", {1, 1, 1, 2, 2, 2}, 1200, true},
        {"stray dice beside a single 5", {2, 2, 3, 5, 6, 6}, 50, false},
    };
    return cases;
}

class reference_score : public ::testing::TestWithParam<score_case> {};

TEST_P(reference_score, MatchesTheGoServer) {
    const auto& c = GetParam();
    const auto result = score(c.dice);
    EXPECT_EQ(result.points, c.points) << c.name;
    EXPECT_EQ(result.valid, c.valid) << c.name;
}

std::string case_name(const ::testing::TestParamInfo<score_case>& info) {
    std::string name = std::to_string(info.index) + "_" + info.param.name;
    for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(CalculateScore, reference_score, ::testing::ValuesIn(reference_cases()),
                         case_name);

TEST(dicegame_rules, ThereAreFortyTwoReferenceCases) {
    EXPECT_EQ(reference_cases().size(), 42u);
}

TEST(dicegame_rules, ScoreIgnoresOrder) {
    for (const auto& c : reference_cases()) {
        std::vector<int> reversed(c.dice.rbegin(), c.dice.rend());
        EXPECT_EQ(score(reversed), score(c.dice)) << c.name;
    }
}

TEST(dicegame_rules, ExtraDiceDoubleEachTime) {
    EXPECT_EQ(score(std::vector<int>{2, 2, 2, 2, 2}).points, 800);
    EXPECT_EQ(score(std::vector<int>{6, 6, 6, 6, 6, 6}).points, 4800);
    EXPECT_EQ(score(std::vector<int>{1, 1, 1, 1, 1}).points, 4000);
}

// Go counts a die that shows 0 ("not rolled") like any face: three of them are a valid 0-point
// triple, two are stray dice. Clients can reach this by selecting unrolled dice.
TEST(dicegame_rules, UnrolledDiceScoreLikeGo) {
    EXPECT_EQ(score(std::vector<int>{0, 0, 0}), (score_result{0, true}));
    EXPECT_EQ(score(std::vector<int>{0, 0}), (score_result{0, false}));
    EXPECT_EQ(score(std::vector<int>{0, 1}), (score_result{100, false}));
    EXPECT_EQ(score(std::vector<int>{7, 1}), (score_result{100, false}));
}

TEST(dicegame_rules, BustMeansNothingScores) {
    EXPECT_TRUE(is_bust(std::vector<int>{2, 3, 4, 6, 6, 2}));
    EXPECT_TRUE(is_bust(std::vector<int>{3}));
    EXPECT_FALSE(is_bust(std::vector<int>{2, 3, 4, 6, 6, 5}));
    EXPECT_FALSE(is_bust(std::vector<int>{2, 2, 2}));
    EXPECT_FALSE(is_bust(std::vector<int>{2, 3, 4, 5, 6}));
    EXPECT_TRUE(is_bust(std::vector<int>{}));
}

TEST(dicegame_rules, ScoringOptionsAreTheValidSubsets) {
    // [1,1,5,2,3,4]: a 1-5 run (500) plus the other 1 (600) is the best; singles and pairs too.
    const auto options = scoring_options(count_faces(std::vector<int>{1, 1, 2, 3, 4, 5}));
    std::int64_t best = 0;
    for (const auto& option : options) {
        std::vector<int> faces;
        for (int face = 0; face <= 6; ++face) {
            for (int n = 0; n < option.take[static_cast<std::size_t>(face)]; ++n) {
                faces.push_back(face);
            }
        }
        const auto result = score(faces);
        EXPECT_TRUE(result.valid);
        EXPECT_EQ(result.points, option.points);
        EXPECT_EQ(static_cast<int>(faces.size()), option.dice);
        best = std::max(best, option.points);
    }
    // {1}, {1,1}, {5}, {1,5}, {1,1,5}, run 1-5, run 1-5 + 1.
    EXPECT_EQ(options.size(), 7u);
    EXPECT_EQ(best, 600);
    EXPECT_TRUE(scoring_options(count_faces(std::vector<int>{2, 3, 4, 6})).empty());
}

}  // namespace
}  // namespace gameserver::games::dicegame
