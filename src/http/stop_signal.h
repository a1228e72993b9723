// A server runs until SIGTERM (ServerProcess::Terminate, systemd, docker stop) or SIGINT (Ctrl-C)
// asks it to stop, then stops gracefully. Taking the signals synchronously in one thread (instead
// of in a handler) lets the stop run ordinary code: HttpServer::Stop, closing the database.
//
//   BlockStopSignals();             // first thing in main, before any thread starts
//   auto server = HttpServer::Start(...);
//   WaitForStopSignal();
//   server->Stop();
#pragma once

namespace crier::http {

// Blocks SIGTERM and SIGINT in the calling thread and in every thread it starts afterwards (threads
// inherit the mask), so that only WaitForStopSignal receives them.
// REQUIRES: called before the process starts any other thread.
void BlockStopSignals();

// Waits until SIGTERM or SIGINT arrives and returns its number.
// REQUIRES: BlockStopSignals() was called in this thread.
int WaitForStopSignal();

}  // namespace crier::http
