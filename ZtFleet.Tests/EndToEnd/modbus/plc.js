// The PLC of the end-to-end test, run inside the PLC network namespace: a real Modbus/TCP server (modbus-serial's
// ServerTCP) with holding registers, input registers (address + 1) and coils (even addresses set) on port 502, and plain TCP services on the ports given after it that greet every
// connection with "hello <port>" and then echo what they get (an HTTPS conduit port that must pass, a port nothing
// allows).
// Prints one JSON line {"event":"ready"} once everything listens, and {"event":"write",...} for every register written.
"use strict";
const net = require("net");
const ModbusRTU = require("modbus-serial");

const host = process.argv[2] || "0.0.0.0";
const tcpPorts = process.argv.slice(3).map(Number);
const registers = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
const say = (message) => process.stdout.write(JSON.stringify(message) + "\n");

const vector = {
  getHoldingRegister: (address) => {
    if (address < 0 || address >= registers.length) {
      throw { modbusErrorCode: 0x02, msg: "illegal data address" };
    }
    return registers[address];
  },
  getInputRegister: (address) => {
    if (address < 0 || address >= registers.length) {
      throw { modbusErrorCode: 0x02, msg: "illegal data address" };
    }
    return address + 1;
  },
  getCoil: (address) => address % 2 === 0,
  setRegister: (address, value) => {
    if (address < 0 || address >= registers.length) {
      throw { modbusErrorCode: 0x02, msg: "illegal data address" };
    }
    registers[address] = value;
    say({ event: "write", address, value });
  },
};

let waiting = 1 + tcpPorts.length;
const listening = () => {
  waiting -= 1;
  if (waiting === 0) {
    say({ event: "ready" });
  }
};

const modbus = new ModbusRTU.ServerTCP(vector, { host, port: 502, unitID: 1 });
modbus.on("initialized", listening);
modbus.on("serverError", (error) => {
  say({ event: "error", error: String(error) });
  process.exit(1);
});
modbus.on("socketError", () => {});

// Each connection is greeted and stays open, echoing every chunk it gets ("echo <chunk>"), so a test can keep one
// established and see whether later packets still pass.
for (const port of tcpPorts) {
  net.createServer((socket) => {
    socket.on("error", () => {});
    socket.on("data", (chunk) => socket.write(`echo ${chunk}`));
    socket.write(`hello ${port}\n`);
  }).listen(port, host, listening);
}

process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
