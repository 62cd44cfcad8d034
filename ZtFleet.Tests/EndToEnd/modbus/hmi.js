// The HMI of the end-to-end test, run inside the HMI network namespace: a real Modbus/TCP client (modbus-serial)
// driven by JSON commands on stdin, one per line, answering each with one JSON line on stdout:
//   {"op":"connect"}                          -> {"ok":true}
//   {"op":"read","address":0,"count":2}       -> {"ok":true,"data":[100,200]} or {"ok":false,"error":..,"modbusCode":1}
//   {"op":"readInputs","address":0,"count":2} -> input registers (FC 4), as "read"
//   {"op":"readCoils","address":0,"count":4}  -> coils (FC 1): {"ok":true,"data":[true,false,...]}
//   {"op":"write","address":1,"value":42}     -> {"ok":true} or {"ok":false,...}
//   {"op":"isOpen"}                           -> {"ok":true,"open":false}
//   {"op":"tcp","port":8443}                  -> {"ok":true,"data":"hello 8443"} or {"ok":false,"error":"timeout"}
//   {"op":"open","port":8443}                 -> the same, and the connection is kept open for "send"
//   {"op":"send","text":"ping"}               -> {"ok":true,"data":"echo ping"} over the kept connection, or {"ok":false,...}
//   {"op":"probe","host":h,"port":p}          -> a Modbus read sent straight to h:p: {"ok":true,"data":"<hex>"} when
//                                                anything answers, {"ok":false,"error":"closed"|"timeout"|...} otherwise
// The Modbus session stays open between commands, so the test can see it closed by the proxy ({"event":"close"}).
"use strict";
const net = require("net");
const readline = require("readline");
const ModbusRTU = require("modbus-serial");

const plc = process.argv[2];
const timeoutMs = Number(process.argv[3] || 2000);
const say = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const failure = (error) => ({ ok: false, error: error && error.message ? error.message : String(error), modbusCode: error && error.modbusCode, errno: error && error.errno });

let client = null;

async function connect() {
  client = new ModbusRTU();
  client.setTimeout(timeoutMs);
  client.on("close", () => say({ event: "close" }));
  client.on("error", () => {});
  await client.connectTCP(plc, { port: 502 });
  client.setID(1);
}

let kept = null;

// Connects to the PLC's plain TCP port and waits for its greeting; keeps the connection when asked.
function tcp(port, keep) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: plc, port });
    let data = "";
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (result.ok && keep) {
        socket.removeAllListeners("data");
        kept = socket;
      } else {
        socket.destroy();
      }
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: "timeout" }), timeoutMs);
    socket.on("data", (chunk) => {
      data += chunk;
      if (data.includes("\n")) finish({ ok: true, data: data.trim() });
    });
    socket.on("end", () => finish({ ok: false, error: "closed" }));
    socket.on("error", (error) => finish(failure(error)));
  });
}

// Sends a line over the kept connection and waits for its echo.
function send(text) {
  return new Promise((resolve) => {
    if (kept === null || kept.destroyed) {
      resolve({ ok: false, error: "no open connection" });
      return;
    }
    let data = "";
    const onData = (chunk) => {
      data += chunk;
      if (data.includes("\n")) finish({ ok: true, data: data.trim() });
    };
    const onError = (error) => finish(failure(error));
    const finish = (result) => {
      clearTimeout(timer);
      kept.removeListener("data", onData);
      kept.removeListener("error", onError);
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: "timeout" }), timeoutMs);
    kept.on("data", onData);
    kept.on("error", onError);
    kept.write(`${text}\n`);
  });
}

// A raw Modbus read (transaction 1, unit 1, fc3, address 0, count 1) to any address and port.
function probe(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: "timeout" }), timeoutMs);
    socket.on("connect", () => socket.write(Buffer.from([0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1])));
    socket.on("data", (chunk) => finish({ ok: true, data: chunk.toString("hex") }));
    socket.on("end", () => finish({ ok: false, error: "closed" }));
    socket.on("error", (error) => finish(failure(error)));
  });
}

async function run(command) {
  try {
    switch (command.op) {
      case "connect":
        await connect();
        return { ok: true };
      case "read":
        return { ok: true, data: (await client.readHoldingRegisters(command.address, command.count)).data };
      case "readInputs":
        return { ok: true, data: (await client.readInputRegisters(command.address, command.count)).data };
      case "readCoils":
        return { ok: true, data: (await client.readCoils(command.address, command.count)).data.slice(0, command.count) };
      case "write":
        await client.writeRegister(command.address, command.value);
        return { ok: true };
      case "isOpen":
        return { ok: true, open: client !== null && client.isOpen };
      case "tcp":
        return await tcp(command.port, false);
      case "open":
        return await tcp(command.port, true);
      case "send":
        return await send(command.text);
      case "probe":
        return await probe(command.host, command.port);
      default:
        return { ok: false, error: `unknown op ${command.op}` };
    }
  } catch (error) {
    return failure(error);
  }
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => say(await run(JSON.parse(line))));
});
lines.on("close", () => queue.then(() => process.exit(0)));
