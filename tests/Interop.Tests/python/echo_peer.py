#!/usr/bin/env python3
"""Python grpcio peer for ArrHost's interop tests (an independent gRPC implementation).

  echo_peer.py server --descriptor FILE [--gzip]        serves arr.test.v1.EchoService; prints "PORT n"
  echo_peer.py client --descriptor FILE --target H:P --case NAME   runs one scenario; prints "PASS" or fails

Messages come from the serialized FileDescriptorProto of echo.proto (written by the tests), so no generated
Python code is needed. Every wait is bounded.
"""
import argparse
import sys
import threading
import time
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

SERVICE = "arr.test.v1.EchoService"


def load_messages(path):
    with open(path, "rb") as f:
        data = f.read()
    pool = descriptor_pool.DescriptorPool()
    pool.Add(descriptor_pb2.FileDescriptorProto.FromString(data))

    def cls(name):
        desc = pool.FindMessageTypeByName(name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(desc)
        return message_factory.MessageFactory(pool).GetPrototype(desc)

    return cls("arr.test.v1.EchoRequest"), cls("arr.test.v1.EchoReply")


def status_code(value):
    for code in grpc.StatusCode:
        if code.value[0] == value:
            return code
    return grpc.StatusCode.UNKNOWN


def log(line):
    print(line, flush=True)


# ---------------------------------------------------------------- server

def run_server(args):
    Req, Rep = load_messages(args.descriptor)

    def echo_metadata(ctx):
        md = tuple((k, v) for k, v in ctx.invocation_metadata() if k.startswith("x-"))
        if md:
            ctx.send_initial_metadata(md)
            ctx.set_trailing_metadata(md)

    def wait(ms, ctx, method):
        # Lets a test act (cancel) only once the handler really waits on a call.
        log("SERVER-WAITING %s" % method)
        end = time.monotonic() + ms / 1000.0
        while time.monotonic() < end:
            if not ctx.is_active():
                remaining = ctx.time_remaining()
                log("SERVER-SAW %s %s" % (method, "deadline" if remaining is not None and remaining <= 0.05 else "cancelled"))
                return False
            time.sleep(0.01)
        return True

    def apply(req, ctx, method):
        if req.delay_ms > 0 and not wait(req.delay_ms, ctx, method):
            return False
        if req.fail_code != 0:
            ctx.set_trailing_metadata((("x-fail-detail", "from-trailers"),))
            ctx.abort(status_code(req.fail_code), req.fail_message)
        return True

    def unary(req, ctx):
        echo_metadata(ctx)
        apply(req, ctx, "Unary")
        return Rep(text=req.text, payload=req.payload)

    def server_stream(req, ctx):
        echo_metadata(ctx)
        for i in range(req.count or 1):
            yield Rep(text=req.text, payload=req.payload, index=i)
            if req.delay_ms > 0 and not wait(req.delay_ms, ctx, "ServerStream"):
                return
        if req.fail_code != 0:
            ctx.abort(status_code(req.fail_code), req.fail_message)

    def client_stream(it, ctx):
        n, text = 0, ""
        for req in it:
            n += 1
            text += req.text
            apply(req, ctx, "ClientStream")
        return Rep(text=text, index=n)

    def duplex(it, ctx):
        echo_metadata(ctx)
        i = 0
        for req in it:
            if not apply(req, ctx, "Duplex"):
                return
            yield Rep(text=req.text, payload=req.payload, index=i)
            i += 1

    kw = dict(request_deserializer=Req.FromString, response_serializer=Rep.SerializeToString)
    handler = grpc.method_handlers_generic_handler(SERVICE, {
        "Unary": grpc.unary_unary_rpc_method_handler(unary, **kw),
        "ServerStream": grpc.unary_stream_rpc_method_handler(server_stream, **kw),
        "ClientStream": grpc.stream_unary_rpc_method_handler(client_stream, **kw),
        "Duplex": grpc.stream_stream_rpc_method_handler(duplex, **kw),
    })
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=16),
        compression=grpc.Compression.Gzip if args.gzip else None,
        options=[("grpc.max_receive_message_length", 16 * 1024 * 1024)])
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    log("PORT %d" % port)
    # Runs until stdin closes (the test disposes the process) or the lifetime ends.
    threading.Thread(target=lambda: (sys.stdin.read(), server.stop(0)), daemon=True).start()
    server.wait_for_termination(timeout=args.lifetime)
    server.stop(0)


# ---------------------------------------------------------------- client scenarios

def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def expect_code(fn, code):
    try:
        fn()
    except grpc.RpcError as e:
        expect(e.code() == code, "expected %s, got %s: %s" % (code, e.code(), e.details()))
        return e
    raise AssertionError("expected %s, call succeeded" % code)


def run_client(args):
    Req, Rep = load_messages(args.descriptor)
    compression = grpc.Compression.Gzip if args.case == "compression" else None
    channel = grpc.insecure_channel(args.target, compression=compression)
    grpc.channel_ready_future(channel).result(timeout=10)

    def stub(kind, name):
        fn = getattr(channel, kind)
        return fn("/%s/%s" % (SERVICE, name), request_serializer=Req.SerializeToString, response_deserializer=Rep.FromString)

    unary = stub("unary_unary", "Unary")
    server_stream = stub("unary_stream", "ServerStream")
    client_stream = stub("stream_unary", "ClientStream")
    duplex = stub("stream_stream", "Duplex")
    T = 10  # default bound on every call

    case = args.case
    if case == "unary":
        r = unary(Req(text="hi", payload=b"\x01\x02"), timeout=T)
        expect(r.text == "hi" and r.payload == b"\x01\x02", "unary echo")
    elif case == "server_stream":
        got = [r.index for r in server_stream(Req(text="s", count=5), timeout=T)]
        expect(got == [0, 1, 2, 3, 4], "server stream indexes %r" % got)
    elif case == "client_stream":
        r = client_stream(iter([Req(text="a"), Req(text="b"), Req(text="c")]), timeout=T)
        expect(r.text == "abc" and r.index == 3, "client stream %r" % r)
    elif case == "duplex":
        q = []
        cv = threading.Condition()
        def gen():
            for i in range(10):
                yield Req(text="p%d" % i)
        got = [(r.text, r.index) for r in duplex(gen(), timeout=T)]
        expect(got == [("p%d" % i, i) for i in range(10)], "duplex %r" % got)
    elif case == "error":
        detail = "kaputt: 100% – ünïcødé"
        e = expect_code(lambda: unary(Req(fail_code=5, fail_message=detail), timeout=T), grpc.StatusCode.NOT_FOUND)
        expect(e.details() == detail, "detail %r" % e.details())
        md = dict(e.trailing_metadata() or ())
        expect(md.get("x-fail-detail") == "from-trailers", "trailers %r" % md)
        def stream_fail():
            for _ in server_stream(Req(count=2, fail_code=10, fail_message="stop"), timeout=T):
                pass
        expect_code(stream_fail, grpc.StatusCode.ABORTED)
    elif case == "unimplemented":
        nope = channel.unary_unary("/%s/Nope" % SERVICE, request_serializer=Req.SerializeToString, response_deserializer=Rep.FromString)
        expect_code(lambda: nope(Req(), timeout=T), grpc.StatusCode.UNIMPLEMENTED)
    elif case == "deadline":
        # A cold server can spend a short deadline before the handler runs (then it rightly never starts);
        # one plain call first makes sure the timed call reaches the handler. The work is 10 s.
        expect(unary(Req(text="warm-up"), timeout=T).text == "warm-up", "warm-up call")
        start = time.monotonic()
        expect_code(lambda: unary(Req(delay_ms=10000), timeout=1.0), grpc.StatusCode.DEADLINE_EXCEEDED)
        expect(time.monotonic() - start < 5, "deadline took too long")
    elif case == "cancel":
        # Warm up first so the cancel reaches a running handler; the work is 10 s.
        expect(unary(Req(text="warm-up"), timeout=T).text == "warm-up", "warm-up call")
        fut = unary.future(Req(delay_ms=10000), timeout=T)
        time.sleep(1.0)
        fut.cancel()
        expect(fut.cancelled(), "future not cancelled")
    elif case == "metadata":
        md = (("x-text", "value 1"), ("x-blob-bin", b"\x00\x01\xfa\xff"))
        r, call = unary.with_call(Req(text="m"), metadata=md, timeout=T)
        initial = dict(call.initial_metadata())
        trailing = dict(call.trailing_metadata())
        for d, name in ((initial, "initial"), (trailing, "trailing")):
            expect(d.get("x-text") == "value 1", "%s text %r" % (name, d))
            expect(d.get("x-blob-bin") == b"\x00\x01\xfa\xff", "%s bin %r" % (name, d))
    elif case == "compression":
        payload = bytes(100000)
        r = unary(Req(text="z", payload=payload), timeout=T)
        expect(r.payload == payload, "compressed unary")
        got = [r.payload == payload for r in duplex(iter([Req(payload=payload)] * 3), timeout=T)]
        expect(got == [True] * 3, "compressed duplex")
    elif case == "max_size":
        expect_code(lambda: unary(Req(payload=bytes(4096)), timeout=T), grpc.StatusCode.RESOURCE_EXHAUSTED)
        expect(unary(Req(text="ok"), timeout=T).text == "ok", "call after oversize")
    else:
        raise SystemExit("unknown case " + case)
    channel.close()
    log("PASS")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["server", "client"])
    p.add_argument("--descriptor", required=True)
    p.add_argument("--target")
    p.add_argument("--case")
    p.add_argument("--gzip", action="store_true")
    p.add_argument("--lifetime", type=float, default=300)
    args = p.parse_args()
    if args.mode == "server":
        run_server(args)
    else:
        run_client(args)


if __name__ == "__main__":
    main()
