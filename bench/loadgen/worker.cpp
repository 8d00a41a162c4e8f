#include "worker.hpp"

#include <boost/asio/post.hpp>
#include <future>

namespace bench {

bool worker::quiesce(std::function<void()> f, std::chrono::milliseconds timeout) {
  auto done = std::make_shared<std::promise<void>>();
  auto ready = done->get_future();
  boost::asio::post(ioc_, [f = std::move(f), done] {
    f();
    done->set_value();
  });
  return ready.wait_for(timeout) == std::future_status::ready;
}

}  // namespace bench
