module.exports = require("@lob/nx-terminal/run-in-terminal");
