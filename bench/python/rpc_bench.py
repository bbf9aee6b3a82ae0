#!/usr/bin/env python3
"""The `arr bench rpc` workloads between two python grpcio peers (server and client in two processes).

  rpc_bench.py [--bidi-count N] [--stream-count N] [--pings N] [--repeat N]
Prints one line: RESULT {"bidi_mb_s", "stream_mb_s", "ping_p50_us", "ping_p99_us", and CPU time of both peers per MB / per round trip}
Service arr.bench.v1.RpcBench with google.protobuf.BytesValue/Int64Value messages, as in BenchRpcCommand.cs.
"""
import argparse
import json
import math
import multiprocessing
import queue
import threading
import time
from concurrent import futures

import grpc
from google.protobuf import wrappers_pb2

SERVICE = "arr.bench.v1.RpcBench"
MIB = 1024 * 1024
OPTIONS = [("grpc.max_receive_message_length", 8 * MIB), ("grpc.max_send_message_length", 8 * MIB)]


def serve(port_queue, lifetime):
    def echo(it, ctx):
        for m in it:
            yield m

    def download(req, ctx):
        count, size = req.value >> 32, req.value & 0xFFFFFFFF
        msg = wrappers_pb2.BytesValue(value=bytes(size))
        for _ in range(count):
            yield msg

    def stats(req, ctx):
        # CPU time of the whole server process (all threads), in microseconds.
        return wrappers_pb2.Int64Value(value=int(time.process_time() * 1e6))

    b = wrappers_pb2.BytesValue
    i64 = wrappers_pb2.Int64Value
    handler = grpc.method_handlers_generic_handler(SERVICE, {
        "Stats": grpc.unary_unary_rpc_method_handler(stats, request_deserializer=i64.FromString, response_serializer=i64.SerializeToString),
        "Echo": grpc.stream_stream_rpc_method_handler(echo, request_deserializer=b.FromString, response_serializer=b.SerializeToString),
        "Download": grpc.unary_stream_rpc_method_handler(
            download, request_deserializer=wrappers_pb2.Int64Value.FromString, response_serializer=b.SerializeToString),
    })
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), options=OPTIONS)
    server.add_generic_rpc_handlers((handler,))
    port_queue.put(server.add_insecure_port("127.0.0.1:0"))
    server.start()
    server.wait_for_termination(timeout=lifetime)


def percentile(sorted_values, p):
    # Nearest rank, the definition of every ArrHost report (src/Tooling/Statistics/Percentiles.cs).
    return sorted_values[max(0, min(len(sorted_values), math.ceil(p * len(sorted_values))) - 1)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bidi-count", type=int, default=300)
    p.add_argument("--stream-count", type=int, default=3000)
    p.add_argument("--pings", type=int, default=5000)
    p.add_argument("--repeat", type=int, default=1, help="throughput runs per workload; the best is reported")
    args = p.parse_args()

    ports = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ports, 600), daemon=True)
    server.start()
    port = ports.get(timeout=30)
    channel = grpc.insecure_channel("127.0.0.1:%d" % port, options=OPTIONS)
    grpc.channel_ready_future(channel).result(timeout=10)
    b = wrappers_pb2.BytesValue
    echo = channel.stream_stream("/%s/Echo" % SERVICE, request_serializer=b.SerializeToString, response_deserializer=b.FromString)
    download = channel.unary_stream("/%s/Download" % SERVICE,
                                    request_serializer=wrappers_pb2.Int64Value.SerializeToString, response_deserializer=b.FromString)
    stats = channel.unary_unary("/%s/Stats" % SERVICE, request_serializer=wrappers_pb2.Int64Value.SerializeToString,
                                response_deserializer=wrappers_pb2.Int64Value.FromString)

    def cpu_us():
        """CPU time of both peers (client process + server process), microseconds."""
        return time.process_time() * 1e6 + stats(wrappers_pb2.Int64Value(), timeout=10).value

    result = {}

    # 1 MiB bidi echo: writer and reader run concurrently.
    big = b(value=bytes(MIB))
    for _ in echo(iter([big] * max(10, args.bidi_count // 2)), timeout=120):
        pass
    result["bidi_mb_s"] = 0
    cpu0 = cpu_us()
    for _ in range(args.repeat):
        start = time.perf_counter()
        n = 0
        for _ in echo(iter([big] * args.bidi_count), timeout=300):
            n += 1
        elapsed = time.perf_counter() - start
        result["bidi_mb_s"] = max(result["bidi_mb_s"], n * MIB / elapsed / 1e6)
    result["bidi_cpu_us_per_mb"] = (cpu_us() - cpu0) / (args.repeat * args.bidi_count * MIB / 1e6)

    # 100 KiB server stream.
    size = 100 * 1024
    for _ in download(wrappers_pb2.Int64Value(value=(max(100, args.stream_count // 2) << 32) | size), timeout=120):
        pass
    result["stream_mb_s"] = 0
    cpu0 = cpu_us()
    for _ in range(args.repeat):
        start = time.perf_counter()
        n = 0
        for _ in download(wrappers_pb2.Int64Value(value=(args.stream_count << 32) | size), timeout=300):
            n += 1
        elapsed = time.perf_counter() - start
        result["stream_mb_s"] = max(result["stream_mb_s"], n * size / elapsed / 1e6)
    result["stream_cpu_us_per_mb"] = (cpu_us() - cpu0) / (args.repeat * args.stream_count * size / 1e6)

    # 64-byte ping-pong on one open bidi stream.
    q = queue.Queue()

    def requests():
        while True:
            m = q.get()
            if m is None:
                return
            yield m

    small = b(value=bytes(64))
    responses = echo(requests(), timeout=300)
    samples = []
    warmup = min(1000, args.pings // 5)
    for i in range(warmup + args.pings):
        if i == warmup:
            cpu0 = cpu_us()
        t0 = time.perf_counter()
        q.put(small)
        next(responses)
        if i >= warmup:
            samples.append((time.perf_counter() - t0) * 1e6)
    result["ping_cpu_us"] = (cpu_us() - cpu0) / args.pings
    q.put(None)
    for _ in responses:
        pass
    samples.sort()
    result["ping_p50_us"] = percentile(samples, 0.50)
    result["ping_p99_us"] = percentile(samples, 0.99)

    channel.close()
    server.terminate()
    server.join(5)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
