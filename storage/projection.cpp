// Store::project: stored relation records -> an engine CSR.
//
// 1. Resolve the spec: relation types R, kept entity types K, intermediary
//    (collapse) types C. K defaults to the endpoint types of R's relations,
//    or every entity type when R is unset, less C.
// 2. Read the packed relation blocks of the committed batches that join
//    the chosen types (chosen from the batch records, so no block is read
//    twice), in parallel, each into its own part of the record array, so the
//    order is the store's at any thread count. A record
//    whose endpoints are both in K is an edge record. A record touching C
//    (K-C or C-C) is kept for expansion; its K-C records also make the K
//    entity a *holder* of the intermediary. Records touching any other type,
//    or outside the time window, are skipped. Records with no time are
//    timeless facts (USES, LIVES_AT) and pass any window.
// 3. Expansion: a record u->v stands for the edges H(u) x H(v), where H(x)
//    is {x} for a kept entity and the holders of x for an intermediary; edges
//    from an entity to itself are dropped. So Person-USES-Phone-CALLED-Phone-
//    USES-Person gives one Person->Person record per call, and two people
//    sharing an address get a record from each LIVES_AT.
// 4. build_csr aggregates the records (count / sum / max, first and last
//    time) over every entity of a kept type, isolated ones included, ordered
//    by entity id.
#include <algorithm>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>

#include <omp.h>

#include "storage/block_codec.hpp"
#include "storage/key_codec.hpp"
#include "storage/store_impl.hpp"

namespace corridor::storage {

using namespace codec;

namespace {

std::string known(const std::vector<std::string>& names) {
  std::vector<std::string> sorted(names);
  std::sort(sorted.begin(), sorted.end());
  std::string s;
  for (const auto& n : sorted) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "none" : s;
}

std::set<std::uint16_t> resolve_types(const std::vector<std::string>& names, const std::vector<std::string>& ids,
                                      const char* what) {
  std::set<std::uint16_t> out;
  for (const auto& name : names) {
    const int t = Store::Impl::find_name(ids, name);
    if (t < 0) {
      throw std::invalid_argument(std::string(what) + ": unknown type '" + name + "'; the store has " + known(ids));
    }
    out.insert(static_cast<std::uint16_t>(t));
  }
  return out;
}

struct Pending {
  std::uint32_t src, dst;
  double weight;
  Timestamp time;
};

}  // namespace

Projection Store::project(const ProjectionSpec& spec, const RunContext& ctx) const {
  std::lock_guard lock(impl_->mu);
  impl_->check_open();
  const Impl& m = *impl_;

  // 1. Types.
  std::set<std::uint16_t> rel_types, kept, collapse;
  if (spec.relation_types) {
    rel_types = resolve_types(*spec.relation_types, m.relation_types, "relations");
  } else {
    for (std::uint16_t t = 0; t < m.relation_types.size(); ++t) rel_types.insert(t);
  }
  collapse = resolve_types(spec.collapse, m.entity_types, "collapse");
  if (spec.entity_types) {
    kept = resolve_types(*spec.entity_types, m.entity_types, "entities");
    for (auto t : kept) {
      if (collapse.count(t)) {
        throw std::invalid_argument("entities: '" + m.entity_types[t] + "' is also in collapse");
      }
    }
  } else if (spec.relation_types) {
    for (const auto& [id, b] : m.batches) {
      if (b.kind != kRelationBatch || !rel_types.count(b.type)) continue;
      if (!collapse.count(b.src_type)) kept.insert(b.src_type);
      if (!collapse.count(b.dst_type)) kept.insert(b.dst_type);
    }
  } else {
    for (std::uint16_t t = 0; t < m.entity_types.size(); ++t)
      if (!collapse.count(t)) kept.insert(t);
  }
  if (spec.since && spec.until && *spec.since >= *spec.until) {
    throw std::invalid_argument("since must be earlier than until");
  }

  // Vertices: every committed entity of a kept type, by entity id.
  const std::uint32_t num_entities = m.committed_entities;
  constexpr std::uint32_t kNotVertex = UINT32_MAX;
  std::vector<std::uint32_t> vertex_of(num_entities, kNotVertex);
  std::vector<std::uint16_t> type_slot(m.entity_types.size(), 0);
  Projection p;
  for (auto t : kept) {
    type_slot[t] = static_cast<std::uint16_t>(p.type_names.size());
    p.type_names.push_back(m.entity_types[t]);
  }
  std::uint32_t n = 0;
  for (std::uint32_t id = 0; id < num_entities; ++id) {
    const auto t = m.entities.type(id);
    if (!kept.count(t)) continue;
    vertex_of[id] = n++;
    p.vertex_type.push_back(type_slot[t]);
    p.vertex_key.push_back(m.entities.key(id));
  }

  // 2. The relation blocks. A batch's records are its relations
  // [first_relation, first_relation + relations), in its blocks in order,
  // and its record says which types they join, so the batches to read are
  // chosen without reading a block. A batch of edge records (both ends
  // vertices) owns a stretch of `records` where the batches before it would
  // end were no record outside the window; each block fills its part of the
  // stretch (its header says where it starts), read in parallel. The gaps a
  // window leaves are closed afterwards, so records stay in store order at
  // any thread count.
  std::vector<std::uint64_t> direct, expanding;  // batches of edge records; batches touching an intermediary
  std::vector<std::uint64_t> base;               // of the direct batches: where its stretch starts
  std::uint64_t expected = 0;
  for (const auto& [id, b] : m.batches) {
    if (b.kind != kRelationBatch || b.relations == 0 || !rel_types.count(b.type)) continue;
    const bool sk = kept.count(b.src_type), dk = kept.count(b.dst_type);
    const bool sc = collapse.count(b.src_type), dc = collapse.count(b.dst_type);
    if (!(sk || sc) || !(dk || dc)) continue;
    if (!(sk && dk)) {
      expanding.push_back(id);
      continue;
    }
    direct.push_back(id);
    base.push_back(expected);
    expected += b.relations;
  }
  ctx.check_interrupt();

  auto in_window = [&](Timestamp t) {
    if (t == kNoTime) return true;
    if (spec.since && t < *spec.since) return false;
    if (spec.until && t >= *spec.until) return false;
    return true;
  };
  // A block's records within its batch, checked against the batch record: a
  // block that does not fit means the store is damaged, not that the
  // projection may guess.
  auto place = [&](std::uint64_t batch, const BlockHeader& h) {
    const BatchRecord& b = m.batches.at(batch);
    const std::uint64_t at = h.first_relation - b.first_relation;
    if (h.first_relation < b.first_relation || at + h.n > b.relations) {
      throw std::runtime_error("relation batch " + std::to_string(batch) + ": a block holds relations " +
                               std::to_string(h.first_relation) + " to " + std::to_string(h.first_relation + h.n) +
                               ", outside the batch's; the store is damaged");
    }
    return at;
  };
  auto complete = [](std::uint64_t read, std::uint64_t recorded) {
    if (read != recorded) {
      throw std::runtime_error("relation blocks hold " + std::to_string(read) + " of the " +
                               std::to_string(recorded) + " relations their batches record; the store is damaged");
    }
  };
  const bool windowed = spec.since || spec.until;
  const bool identity = n == num_entities;  // vertex ids are entity ids
  struct Part {
    std::uint64_t at, n, filled;  // in records; filled <= n
  };
  std::vector<Part> parts;  // one per block read
  std::mutex parts_mu;
  BigVector<EdgeRecord> records;
  resize_prefaulted(records, expected, ctx.thread_count());
  m.read_blocks(direct, ctx.thread_count(), [&](std::size_t j, std::string_view v) {
    if (omp_get_thread_num() == 0) ctx.check_interrupt();  // only the calling thread may poll
    const BlockColumns c = decode_block(v);
    const std::uint64_t at = base[j] + place(direct[j], c.header);
    EdgeRecord* out = records.data() + at;
    std::uint64_t k = 0;
    for (std::size_t i = 0; i < c.header.n; ++i) {
      const Timestamp t = c.time_at(i);
      if (windowed && !in_window(t)) continue;
      const std::uint32_t s = c.src_at(i), d = c.dst_at(i);
      out[k++] = {identity ? s : vertex_of[s], identity ? d : vertex_of[d], c.weight_at(i), t};
    }
    std::lock_guard lock(parts_mu);
    parts.push_back({at, c.header.n, k});
  });
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.at < b.at; });
  std::uint64_t filled = 0;   // records[0, filled) are filled
  std::uint64_t covered = 0;  // the parts so far cover [0, covered), with no gap or overlap
  for (const Part& part : parts) {
    if (part.at != covered) break;
    if (filled != part.at) {
      std::memmove(records.data() + filled, records.data() + part.at, part.filled * sizeof(EdgeRecord));
    }
    filled += part.filled;
    covered += part.n;
  }
  complete(covered, expected);
  records.resize(filled);

  std::vector<Pending> pending;                              // records touching an intermediary
  std::vector<std::pair<std::uint32_t, std::uint32_t>> held;  // (intermediary, holder)
  std::uint64_t expanding_read = 0, expanding_expected = 0;
  for (auto id : expanding) expanding_expected += m.batches.at(id).relations;
  m.read_blocks(expanding, 1, [&](std::size_t j, std::string_view v) {
    ctx.check_interrupt();
    const BlockColumns c = decode_block(v);
    const BlockHeader& h = c.header;
    place(expanding[j], h);
    expanding_read += h.n;
    const bool sk = kept.count(h.src_type), dk = kept.count(h.dst_type);
    for (std::size_t i = 0; i < h.n; ++i) {
      const Timestamp t = c.time_at(i);
      if (!in_window(t)) continue;
      const std::uint32_t s = c.src_at(i), d = c.dst_at(i);
      pending.push_back({s, d, c.weight_at(i), t});
      if (sk) held.emplace_back(d, s);
      if (dk) held.emplace_back(s, d);
    }
  });
  complete(expanding_read, expanding_expected);

  // 3. Expand records through intermediaries.
  if (!pending.empty()) {
    std::sort(held.begin(), held.end());
    held.erase(std::unique(held.begin(), held.end()), held.end());
    auto holders = [&](std::uint32_t x) {
      auto lo = std::lower_bound(held.begin(), held.end(), std::pair{x, 0u});
      auto hi = std::lower_bound(lo, held.end(), std::pair{x + 1, 0u});
      return std::pair{lo, hi};
    };
    for (const Pending& r : pending) {
      auto expand = [&](std::uint32_t e, auto&& fn) {
        if (vertex_of[e] != kNotVertex) {
          fn(e);
        } else {
          auto [lo, hi] = holders(e);
          for (auto it = lo; it != hi; ++it) fn(it->second);
        }
      };
      expand(r.src, [&](std::uint32_t a) {
        expand(r.dst, [&](std::uint32_t b) {
          if (a == b) return;
          records.push_back({vertex_of[a], vertex_of[b], r.weight, r.time});
        });
      });
    }
  }
  p.records = records.size();

  // 4. Aggregate into the CSR.
  p.graph = build_csr(n, std::move(records), spec.build, ctx);
  return p;
}

}  // namespace corridor::storage
