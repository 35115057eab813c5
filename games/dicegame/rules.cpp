#include "dicegame/rules.hpp"

#include <numeric>

namespace gameserver::games::dicegame {
namespace {

bool has_run(const face_counts& counts, int first, int last) {
    for (int face = first; face <= last; ++face) {
        if (counts[static_cast<std::size_t>(face)] < 1) return false;
    }
    return true;
}

void take_run(face_counts& counts, int first, int last) {
    for (int face = first; face <= last; ++face) --counts[static_cast<std::size_t>(face)];
}

void enumerate(const face_counts& counts, std::size_t face, face_counts& take,
               std::vector<scoring_option>& out) {
    if (face == counts.size()) {
        const int used = std::accumulate(take.begin(), take.end(), 0);
        if (used == 0) return;
        const auto result = score(take, used);
        if (result.valid) out.push_back({take, result.points, used});
        return;
    }
    for (int n = 0; n <= counts[face]; ++n) {
        take[face] = n;
        enumerate(counts, face + 1, take, out);
    }
    take[face] = 0;
}

}  // namespace

face_counts count_faces(std::span<const int> faces) {
    face_counts counts{};
    for (const int face : faces) {
        if (face >= 0 && face <= 6) ++counts[static_cast<std::size_t>(face)];
    }
    return counts;
}

score_result score(std::span<const int> faces) {
    return score(count_faces(faces), static_cast<int>(faces.size()));
}

score_result score(const face_counts& counts, int total) {
    if (total <= 0) return {0, false};
    face_counts left = counts;
    std::int64_t points = 0;
    int used = 0;

    if (total >= 6 && has_run(left, 1, 6)) {
        points += 1500;
        used += 6;
        take_run(left, 1, 6);
    } else if (total >= 5 && has_run(left, 1, 5)) {
        points += 500;
        used += 5;
        take_run(left, 1, 5);
    } else if (total >= 5 && has_run(left, 2, 6)) {
        points += 750;
        used += 5;
        take_run(left, 2, 6);
    }

    for (std::size_t face = 0; face < left.size(); ++face) {
        const int count = left[face];
        if (count < 3) continue;
        std::int64_t base = face == 1 ? 1000 : static_cast<std::int64_t>(face) * 100;
        for (int extra = 3; extra < count; ++extra) base *= 2;
        points += base;
        used += count;
        left[face] = 0;
    }

    points += left[1] * 100 + left[5] * 50;
    used += left[1] + left[5];
    return {points, used == total};
}

bool is_bust(std::span<const int> dice) {
    const auto result = score(dice);
    return result.points == 0 && !result.valid;
}

std::vector<scoring_option> scoring_options(const face_counts& counts) {
    std::vector<scoring_option> out;
    face_counts take{};
    enumerate(counts, 0, take, out);
    return out;
}

}  // namespace gameserver::games::dicegame
