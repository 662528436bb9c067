// A meeting with a chair, a professional (看護師) and a community member (民生委員), each with
// an admitted device bound to their replica, for the authority and audience tests.
#pragma once

#include "support.hpp"

namespace renkei::test {

struct ThreePeople {
  core::Document chair{1}, nurse{2}, neighbour{3};
  std::string chair_id, nurse_id, neighbour_id;

  ThreePeople() {
    chair_id = add(chair, "attendee", {{"name", "佐藤 真理"}, {"relation", "professional"}});
    device(chair_id, "f1", 1);
    edit(chair, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", chair_id}});
    nurse_id = add(chair, "attendee", {{"name", "訪問看護 山本"}, {"relation", "professional"}});
    device(nurse_id, "f2", 2);
    neighbour_id = add(chair, "attendee", {{"name", "民生委員 田村"}, {"relation", "community"}});
    device(neighbour_id, "f3", 3);
    sync();
  }

  void device(const std::string& attendee, const std::string& fingerprint, core::PeerId replica) {
    add(chair, "device", {{"fingerprint", fingerprint}, {"replica", core::peer_to_hex(replica)}, {"attendee", attendee}});
  }

  // Everyone gets everything they lack (tests of audiences filter separately).
  void sync() {
    for (core::Document* from : {&chair, &nurse, &neighbour})
      for (core::Document* to : {&chair, &nurse, &neighbour})
        if (from != to)
          for (const auto& p : from->partitions()) to->receive(from->log(p));
  }
};

}  // namespace renkei::test
