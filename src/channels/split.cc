// The splitter: a greedy pass that, from each part's start, finds the furthest position that fits
// and takes the best break before it (by kind, then by position).
#include "channels/split.h"

#include <algorithm>
#include <optional>

#include "channels/text_measure.h"

namespace crier {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

struct Fence {
  size_t open_begin = 0;     // Start of the opening line.
  size_t content_begin = 0;  // After the opening line's newline.
  size_t content_end = 0;    // Start of the closing line (text size when unclosed).
  size_t end = 0;            // After the closing line (before its newline).
  std::string open_line;     // The opening line as written.
  std::string marker;        // The fence characters, e.g. "```" or "~~~~".
};

// CommonMark fenced code blocks: up to three spaces, then three or more backticks or tildes (an
// info string after backticks may not contain a backtick); closed by a line of at least as many
// of the same character and nothing but spaces.
std::vector<Fence> FindFences(std::string_view text) {
  std::vector<Fence> fences;
  std::optional<Fence> open;
  size_t line_begin = 0;
  while (line_begin < text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    size_t indent = 0;
    while (indent < line.size() && indent < 4 && line[indent] == ' ') ++indent;
    if (indent <= 3 && indent < line.size() && (line[indent] == '`' || line[indent] == '~')) {
      char c = line[indent];
      size_t run = 0;
      while (indent + run < line.size() && line[indent + run] == c) ++run;
      std::string_view rest = line.substr(indent + run);
      if (run >= 3) {
        if (open) {
          bool blank_rest = std::all_of(rest.begin(), rest.end(), IsSpace);
          if (c == open->marker[0] && run >= open->marker.size() && blank_rest) {
            open->content_end = line_begin;
            open->end = line_end;
            fences.push_back(*open);
            open.reset();
          }
        } else if (c == '~' || rest.find('`') == std::string_view::npos) {
          Fence f;
          f.open_begin = line_begin;
          f.content_begin = std::min(line_end + 1, text.size());
          f.open_line = std::string(line);
          if (!f.open_line.empty() && f.open_line.back() == '\r') f.open_line.pop_back();
          f.marker = std::string(run, c);
          open = f;
        }
      }
    }
    line_begin = line_end + 1;
  }
  if (open) {
    open->content_end = text.size();
    open->end = text.size();
    fences.push_back(*open);
  }
  return fences;
}

// Byte ranges [first, second) of links: Markdown [text](url) / ![alt](url) and Slack <url|text>,
// each on one line.
std::vector<std::pair<size_t, size_t>> FindLinks(std::string_view text,
                                                 const std::vector<Fence>& fences) {
  std::vector<std::pair<size_t, size_t>> links;
  size_t fence_index = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    while (fence_index < fences.size() && fences[fence_index].end <= i) ++fence_index;
    if (fence_index < fences.size() && fences[fence_index].open_begin <= i) {
      i = fences[fence_index].end;  // Not a link inside code.
      continue;
    }
    if (text[i] == '[') {
      int depth = 0;
      size_t j = i;
      for (; j < text.size() && text[j] != '\n'; ++j) {
        if (text[j] == '[') ++depth;
        if (text[j] == ']' && --depth == 0) break;
      }
      if (j + 1 >= text.size() || text[j] != ']' || text[j + 1] != '(') continue;
      depth = 0;
      size_t k = j + 1;
      for (; k < text.size() && text[k] != '\n'; ++k) {
        if (text[k] == '(') ++depth;
        if (text[k] == ')' && --depth == 0) break;
      }
      if (k >= text.size() || text[k] != ')') continue;
      size_t begin = (i > 0 && text[i - 1] == '!') ? i - 1 : i;
      links.emplace_back(begin, k + 1);
      i = k;
    } else if (text[i] == '<' && i + 1 < text.size() && !IsSpace(text[i + 1]) &&
               text[i + 1] != '\n') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != '>' && text[j] != '<' && text[j] != '\n') ++j;
      if (j < text.size() && text[j] == '>') {
        links.emplace_back(i, j + 1);
        i = j;
      }
    }
  }
  return links;
}

// Break kinds, best first.
enum Kind { kParagraph = 0, kLine, kFenceLine, kWord, kFenceWord, kHard, kHardInLink, kKinds };

struct Break {
  size_t end;   // The part ends here.
  size_t next;  // The next part starts here (after the dropped separator).
  Kind kind;
};

class Splitter {
 public:
  Splitter(std::string_view text, size_t max, TextMeasure measure)
      : text_(text),
        max_(max),
        measure_(measure),
        fences_(FindFences(text)),
        links_(FindLinks(text, fences_)) {
    // A fence is closed and reopened around a break only when repeating its lines leaves room
    // for content; a longer one is split like plain text.
    std::erase_if(fences_, [&](const Fence& f) {
      return (MeasureText(f.open_line + "\n", measure) + MeasureText("\n" + f.marker, measure)) *
                 2 >
             max;
    });
    cum_.assign(text.size() + 1, 0);
    size_t total = 0;
    for (size_t i = 0; i < text.size();) {
      size_t n = std::min(Utf8SequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
      size_t c = CodePointCost(text.substr(i, n), measure);
      for (size_t k = 0; k < n; ++k) {
        cum_[i + k] = total;
        boundary_.push_back(k == 0);
      }
      total += c;
      i += n;
    }
    cum_[text.size()] = total;
    boundary_.push_back(true);
  }

  std::vector<SplitPiece> Run() {
    std::vector<SplitPiece> pieces;
    size_t pos = 0;
    while (pos < text_.size()) {
      const Fence* inside = FenceContentAt(pos);
      std::string prefix = inside != nullptr ? inside->open_line + "\n" : "";
      size_t budget = max_ - MeasureText(prefix, measure_);
      if (Cost(pos, text_.size()) <= budget) {
        if (!AllSpace(pos, text_.size()) || pieces.empty()) {
          pieces.push_back({pos, text_.size(), std::move(prefix), ""});
        }
        break;
      }
      size_t limit = FurthestFit(pos, budget);
      Break b = BestBreak(pos, limit, budget);
      SplitPiece piece{pos, b.end, std::move(prefix), ""};
      if (const Fence* f = FenceContentAt(b.end);
          f != nullptr && b.end > f->content_begin && b.end < f->content_end) {
        piece.suffix = (text_[b.end - 1] == '\n' ? "" : "\n") + f->marker;
      }
      if (!AllSpace(piece.begin, piece.end)) pieces.push_back(std::move(piece));
      pos = b.next;
    }
    return pieces;
  }

 private:
  size_t Cost(size_t a, size_t b) const { return cum_[b] - cum_[a]; }

  bool AllSpace(size_t a, size_t b) const {
    for (size_t i = a; i < b; ++i) {
      if (!IsSpace(text_[i]) && text_[i] != '\n') return false;
    }
    return true;
  }

  // The last fence opening at or before `pos` (fences do not overlap), or nullptr.
  const Fence* FenceBefore(size_t pos) const {
    auto it = std::upper_bound(fences_.begin(), fences_.end(), pos,
                               [](size_t p, const Fence& f) { return p < f.open_begin; });
    return it == fences_.begin() ? nullptr : &*(it - 1);
  }

  // The fence whose content holds byte `pos` (content_begin <= pos < content_end), or nullptr.
  const Fence* FenceContentAt(size_t pos) const {
    const Fence* f = FenceBefore(pos);
    return f != nullptr && f->content_begin <= pos && pos < f->content_end ? f : nullptr;
  }

  bool InsideFence(size_t pos) const {
    const Fence* f = FenceBefore(pos);
    return f != nullptr && f->open_begin < pos && pos < f->end;
  }

  // Whether a part may end at `pos` as far as fences go: outside every fence, or strictly inside
  // a fence's content (not in its opening or closing line, not right after the opening line).
  bool FenceAllowsBreak(size_t pos) const {
    if (!InsideFence(pos)) return true;
    const Fence* f = FenceContentAt(pos);
    return f != nullptr && f->content_begin < pos && pos < f->content_end;
  }

  bool InsideLink(size_t pos) const {
    auto it = std::upper_bound(links_.begin(), links_.end(), std::make_pair(pos, SIZE_MAX));
    if (it == links_.begin()) return false;
    --it;
    return it->first < pos && pos < it->second;
  }

  // The furthest code point boundary `end` > pos with Cost(pos, end) <= budget (at least one code
  // point, so that a single code point costlier than the budget still advances).
  size_t FurthestFit(size_t pos, size_t budget) const {
    size_t lo = pos + 1, hi = text_.size();
    auto it =
        std::upper_bound(cum_.begin() + static_cast<long>(pos), cum_.end(), cum_[pos] + budget);
    size_t end = static_cast<size_t>(it - cum_.begin()) - 1;
    end = std::clamp(end, lo, hi);
    while (end > pos + 1 && !boundary_[end]) --end;
    while (end < text_.size() && !boundary_[end]) ++end;
    return end;
  }

  // The closing suffix's cost if a part ends at `end` inside a fence, else 0.
  size_t SuffixCost(size_t end) const {
    const Fence* f = FenceContentAt(end);
    if (f == nullptr || end <= f->content_begin || end >= f->content_end) return 0;
    return MeasureText((text_[end - 1] == '\n' ? "" : "\n") + f->marker, measure_);
  }

  // Candidate breaks in (pos, limit], best kind first, then furthest.
  Break BestBreak(size_t pos, size_t limit, size_t budget) const {
    std::optional<Break> best[kKinds];
    auto offer = [&](Break b) {
      if (b.end <= pos || b.end > limit || !FenceAllowsBreak(b.end)) return;
      if (b.kind != kHardInLink && InsideLink(b.end)) return;
      if ((b.kind == kFenceLine || b.kind == kFenceWord || b.kind == kHard) &&
          Cost(pos, b.end) + SuffixCost(b.end) > budget) {
        return;
      }
      if (!best[b.kind] || best[b.kind]->end < b.end) best[b.kind] = b;
    };
    // A separator starting at `limit` still ends a part that fits.
    for (size_t i = pos; i <= limit && i < text_.size(); ++i) {
      char c = text_[i];
      bool fenced = InsideFence(i);
      if (c == '\n') {
        const Fence* f = FenceContentAt(i + 1);
        if (fenced && f != nullptr && i + 1 > f->content_begin && i + 1 < f->content_end) {
          offer({i + 1, i + 1, kFenceLine});  // Keep the newline inside the code.
          continue;
        }
        if (fenced) continue;
        // A run of newlines (with blank lines of spaces) is a paragraph break.
        size_t j = i + 1, newlines = 1;
        while (j < text_.size() && (text_[j] == '\n' || IsSpace(text_[j]))) {
          if (text_[j] == '\n') ++newlines;
          ++j;
        }
        size_t next = newlines >= 2 ? j : i + 1;
        if (newlines >= 2) {
          // Back up over the last blank line's spaces: indentation of the next line is content.
          size_t k = j;
          while (k > i && text_[k - 1] != '\n') --k;
          next = k;
        }
        offer({i, next, newlines >= 2 ? kParagraph : kLine});
        i = std::max(i, next - 1);  // The run is one break, not one per newline.
      } else if (IsSpace(c) && (i == pos || !IsSpace(text_[i - 1]))) {
        size_t j = i;
        while (j < text_.size() && IsSpace(text_[j])) ++j;
        if (j < text_.size() && text_[j] == '\n')
          continue;  // Trailing spaces: the line break wins.
        if (fenced) {
          offer({i, i, kFenceWord});
        } else {
          offer({i, j, kWord});
        }
      }
    }
    // The hard cut at the limit (a code point boundary), outside a link if possible.
    for (size_t end = limit; end > pos; --end) {
      if (!boundary_[end]) continue;
      if (!InsideLink(end) && FenceAllowsBreak(end) && Cost(pos, end) + SuffixCost(end) <= budget) {
        offer({end, end, kHard});
        break;
      }
    }
    if (!best[kHard]) best[kHardInLink] = Break{limit, limit, kHardInLink};
    for (int k = 0; k < kKinds; ++k) {
      if (best[k]) return *best[k];
    }
    return Break{limit, limit, kHardInLink};
  }

  std::string_view text_;
  size_t max_;
  TextMeasure measure_;
  std::vector<Fence> fences_;
  std::vector<std::pair<size_t, size_t>> links_;  // Sorted by start.
  std::vector<size_t> cum_;                       // cum_[b]: cost of the code points before byte b.
  std::vector<bool> boundary_;  // Whether byte b starts a code point (or is the end).
};

}  // namespace

std::string SplitPiece::Text(std::string_view original) const {
  std::string out = prefix;
  out.append(original.substr(begin, end - begin));
  out.append(suffix);
  return out;
}

std::vector<SplitPiece> PlanSplit(std::string_view text, size_t max, TextMeasure measure) {
  if (max == 0 || MeasureText(text, measure) <= max) return {SplitPiece{0, text.size(), "", ""}};
  return Splitter(text, max, measure).Run();
}

std::vector<std::string> SplitText(std::string_view text, size_t max, TextMeasure measure) {
  std::vector<std::string> out;
  for (const SplitPiece& p : PlanSplit(text, max, measure)) out.push_back(p.Text(text));
  return out;
}

std::vector<ChatMessage> SplitForChannel(const Channel& channel, const Webhook& webhook,
                                         const ChatMessage& message, const ChannelEnv& env) {
  TextLimit limit = channel.text_limit(webhook);
  size_t overhead = channel.TextOverhead(webhook, message, env);
  if (limit.max == 0 || MeasureBound(message.text, limit.measure) + overhead <= limit.max ||
      MeasureText(message.text, limit.measure) + overhead <= limit.max) {
    ChatMessage only = message;
    only.part = only.parts = 1;
    return {only};
  }
  // Leave room for the channel's additions; a limit smaller than them still makes progress.
  size_t budget = limit.max > overhead ? limit.max - overhead : 1;
  std::vector<std::string> texts = SplitText(message.text, budget, limit.measure);
  std::vector<ChatMessage> parts;
  for (size_t i = 0; i < texts.size(); ++i) {
    ChatMessage part = message;
    part.text = std::move(texts[i]);
    part.part = static_cast<int>(i + 1);
    part.parts = static_cast<int>(texts.size());
    if (i + 1 < texts.size()) part.doc_url.clear();
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace crier
