// The HMI of the end-to-end test, run inside the HMI network namespace: a real Modbus/TCP client (modbus-serial)
// driven by JSON commands on stdin, one per line, answering each with one JSON line on stdout:
//   {"op":"connect"}                          -> {"ok":true}
//   {"op":"read","address":0,"count":2}       -> {"ok":true,"data":[100,200]} or {"ok":false,"error":..,"modbusCode":1}
//   {"op":"write","address":1,"value":42}     -> {"ok":true} or {"ok":false,...}
//   {"op":"isOpen"}                           -> {"ok":true,"open":false}
//   {"op":"tcp","port":8443}                  -> {"ok":true,"data":"hello 8443"} or {"ok":false,"error":"timeout"}
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

function tcp(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: plc, port });
    let data = "";
    const timer = setTimeout(() => { socket.destroy(); resolve({ ok: false, error: "timeout" }); }, timeoutMs);
    socket.on("data", (chunk) => { data += chunk; });
    socket.on("end", () => { clearTimeout(timer); resolve({ ok: true, data: data.trim() }); });
    socket.on("error", (error) => { clearTimeout(timer); resolve(failure(error)); });
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
      case "write":
        await client.writeRegister(command.address, command.value);
        return { ok: true };
      case "isOpen":
        return { ok: true, open: client !== null && client.isOpen };
      case "tcp":
        return await tcp(command.port);
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
