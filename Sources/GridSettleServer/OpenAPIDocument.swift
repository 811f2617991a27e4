/// The API's OpenAPI 3.1 description, served at `/openapi.json` and checked against the router by
/// `OpenAPIConformanceTests` (every documented operation is routed and every route is documented).
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "GridSettle API",
    "version": "1.0.0",
    "description": "Settlement of behind-the-meter storage and V2G fleets that also sell in wholesale markets. Every /v1 route needs 'Authorization: Bearer <token>' and sees only its tenant's data (and the token's datasets). Errors are JSON: {\"error\": {\"status\", \"code\", \"message\", \"details\"?}}. Rules: docs/api.md."
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer"
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "status",
              "code",
              "message"
            ],
            "properties": {
              "status": {
                "type": "integer"
              },
              "code": {
                "type": "string"
              },
              "message": {
                "type": "string"
              },
              "details": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "Ready": {
        "type": "object",
        "required": [
          "status",
          "backend",
          "schemaVersion"
        ],
        "properties": {
          "status": {
            "type": "string"
          },
          "backend": {
            "type": "string",
            "enum": [
              "sqlite",
              "postgres"
            ]
          },
          "schemaVersion": {
            "type": "integer"
          }
        }
      },
      "Ingest": {
        "type": "object",
        "required": [
          "dataset",
          "name",
          "version",
          "outcome",
          "digest",
          "size"
        ],
        "properties": {
          "dataset": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "version": {
            "type": "integer"
          },
          "outcome": {
            "type": "string",
            "enum": [
              "stored",
              "unchanged",
              "restored"
            ]
          },
          "previousVersion": {
            "type": "integer"
          },
          "sameAsVersion": {
            "type": "integer"
          },
          "digest": {
            "type": "string",
            "description": "SHA-256, hex"
          },
          "size": {
            "type": "integer"
          }
        }
      },
      "FileVersion": {
        "type": "object",
        "required": [
          "version",
          "digest",
          "size"
        ],
        "properties": {
          "version": {
            "type": "integer"
          },
          "digest": {
            "type": "string"
          },
          "size": {
            "type": "integer"
          }
        }
      },
      "Run": {
        "type": "object",
        "required": [
          "id",
          "tenant",
          "site",
          "resource",
          "periodStart",
          "periodEnd",
          "status",
          "violationCount",
          "version"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "tenant": {
            "type": "string"
          },
          "dataset": {
            "type": "string"
          },
          "site": {
            "type": "string"
          },
          "resource": {
            "type": "string"
          },
          "periodStart": {
            "type": "string",
            "format": "date"
          },
          "periodEnd": {
            "type": "string",
            "format": "date"
          },
          "status": {
            "type": "string",
            "enum": [
              "FINAL",
              "PROVISIONAL"
            ]
          },
          "violationCount": {
            "type": "integer"
          },
          "version": {
            "type": "integer"
          },
          "replacesRun": {
            "type": "integer",
            "description": "the run this one replaces; present only when the caller may see that run too"
          }
        }
      },
      "Line": {
        "type": "object",
        "required": [
          "seq",
          "section",
          "code",
          "description",
          "quantity",
          "unit",
          "priceUnit",
          "amount",
          "amountExact",
          "rule",
          "intervalCount",
          "note"
        ],
        "properties": {
          "seq": {
            "type": "integer"
          },
          "section": {
            "type": "string"
          },
          "code": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "quantity": {
            "type": "string",
            "description": "decimal, in unit"
          },
          "unit": {
            "type": "string"
          },
          "unitPrice": {
            "type": "string"
          },
          "priceUnit": {
            "type": "string"
          },
          "amount": {
            "type": "string",
            "description": "dollars, rounded once to cents"
          },
          "amountExact": {
            "type": "string",
            "description": "dollars to the micro-dollar"
          },
          "rule": {
            "type": "string"
          },
          "intervalCount": {
            "type": "integer"
          },
          "firstIntervalStart": {
            "type": "string"
          },
          "lastIntervalEnd": {
            "type": "string"
          },
          "note": {
            "type": "string"
          }
        }
      },
      "IntervalRun": {
        "type": "object",
        "required": ["start", "end", "intervalMinutes", "count"],
        "properties": {
          "start": {"type": "string", "description": "UTC instant of the first interval's start"},
          "end": {"type": "string", "description": "UTC instant of the last interval's end (exclusive)"},
          "intervalMinutes": {"type": "integer"},
          "count": {"type": "integer", "description": "consecutive intervals in the run"}
        }
      },
      "RunFigures": {
        "type": "object",
        "required": ["run", "period", "policies", "masterMeter", "storageMeter", "bill", "revenueStack"],
        "description": "per-interval kWh as exact decimal strings (null = missing); quality one letter per interval (A, E, S, M); award and idle one digit per interval",
        "properties": {
          "run": {"type": "integer"},
          "period": {"type": "object"},
          "policies": {"type": "object"},
          "masterMeter": {"type": "object", "description": "id, grid, asMeteredKWh, asMeteredQuality, adjustedGrid, adjustedKWh, adjustedQuality"},
          "storageMeter": {"type": "object", "description": "id, grid, netKWh (received - delivered), quality, award, idle, addedBackKWh, backedOutKWh and their totals"},
          "bill": {"type": "array", "items": {"type": "object"}, "description": "bill components as metered and adjusted, the last the total"},
          "revenueStack": {"type": "array", "items": {"type": "object"}}
        }
      },
      "LineLineage": {
        "type": "object",
        "required": ["line", "intervalsStored", "intervals"],
        "properties": {
          "line": {"$ref": "#/components/schemas/Line"},
          "intervalsStored": {"type": "boolean", "description": "false for a run stored before schema v7, which kept only the first start and last end"},
          "intervals": {"type": "array", "items": {"$ref": "#/components/schemas/IntervalRun"}, "description": "every run of intervals behind the line, in time order; the counts add up to line.intervalCount"}
        }
      },
      "LineIntervals": {
        "type": "object",
        "required": ["line", "basis", "explanation", "priceUnit", "intervals", "sum"],
        "properties": {
          "line": {"$ref": "#/components/schemas/Line"},
          "basis": {"type": "string", "enum": ["interval-prices", "line-price", "adjustment", "not-broken-down"], "description": "how the intervals' figures were derived; not-broken-down: the line is not a sum over intervals, intervals is empty and explanation says why"},
          "explanation": {"type": "string"},
          "priceUnit": {"type": "string", "description": "the unit of each interval's price: $/ and the line's unit, or the market's ($/MWh for a demand-response event in kWh)"},
          "intervals": {
            "type": "array",
            "description": "in time order; quantities add up to line.quantity and amounts to line.amountExact, exactly",
            "items": {
              "type": "object",
              "required": ["start", "end", "quantity", "amountExact"],
              "properties": {
                "start": {"type": "string", "description": "UTC"},
                "end": {"type": "string", "description": "UTC, exclusive"},
                "quantity": {"type": "string", "description": "in the line's unit"},
                "price": {"type": "string", "description": "the interval's price in priceUnit; absent where the line has none per interval"},
                "amountExact": {"type": "string", "description": "$, six decimals, within 0.000001 of the exact value"}
              }
            }
          },
          "sum": {
            "type": "object",
            "required": ["quantity", "amountExact"],
            "properties": {"quantity": {"type": "string"}, "amountExact": {"type": "string"}}
          }
        }
      },
      "Check": {
        "type": "object",
        "required": [
          "id",
          "status",
          "question",
          "energyKWh",
          "intervalCount",
          "detail",
          "rule"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "question": {
            "type": "string"
          },
          "energyKWh": {
            "type": "string"
          },
          "amount": {
            "type": "string"
          },
          "intervalCount": {
            "type": "integer"
          },
          "detail": {
            "type": "string"
          },
          "rule": {
            "type": "string"
          }
        }
      },
      "Difference": {
        "type": "object",
        "required": [
          "from",
          "to",
          "lines"
        ],
        "properties": {
          "from": {
            "type": "integer"
          },
          "to": {
            "type": "integer"
          },
          "lines": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "section",
                "code",
                "unit",
                "amountChange"
              ],
              "properties": {
                "section": {
                  "type": "string"
                },
                "code": {
                  "type": "string"
                },
                "unit": {
                  "type": "string"
                },
                "oldQuantity": {
                  "type": "string"
                },
                "newQuantity": {
                  "type": "string"
                },
                "oldAmount": {
                  "type": "string"
                },
                "newAmount": {
                  "type": "string"
                },
                "amountChange": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "responses": {
      "Error": {
        "description": "a JSON error (code and message; details where there are any)",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "parameters": {
      "dataset": {
        "name": "dataset",
        "in": "path",
        "required": true,
        "description": "dataset id: letters, digits, '.', '_', '-'; at most 64",
        "schema": {
          "type": "string"
        }
      },
      "name": {
        "name": "name",
        "in": "path",
        "required": true,
        "description": "a dataset-format file name (site.json, readings.csv, awards.csv, …) or a tariff *.json",
        "schema": {
          "type": "string"
        }
      },
      "id": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "run id",
        "schema": {
          "type": "integer",
          "format": "int64"
        }
      }
    }
  },
  "security": [
    {
      "bearer": []
    }
  ],
  "paths": {
    "/health": {
      "get": {
        "summary": "liveness",
        "operationId": "health",
        "responses": {
          "200": {
            "description": "alive",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/ready": {
      "get": {
        "summary": "readiness: the database answers at the schema version this server needs",
        "operationId": "ready",
        "responses": {
          "200": {
            "description": "ready",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Ready"
                }
              }
            }
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": []
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics",
        "operationId": "metrics",
        "responses": {
          "200": {
            "description": "text exposition",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "this document",
        "operationId": "openapi",
        "responses": {
          "200": {
            "description": "OpenAPI 3.1",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/v1/datasets/{dataset}/files/{name}": {
      "put": {
        "summary": "ingest one file of a dataset: the same bytes twice change nothing; other bytes make the next version, earlier versions kept",
        "operationId": "ingestFile",
        "responses": {
          "200": {
            "description": "unchanged",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Ingest"
                }
              }
            }
          },
          "201": {
            "description": "stored or restored as a new version",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Ingest"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/dataset"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/octet-stream": {
              "schema": {
                "type": "string",
                "format": "binary"
              }
            },
            "text/csv": {
              "schema": {
                "type": "string"
              }
            },
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        }
      },
      "get": {
        "summary": "the versions of one file",
        "operationId": "fileVersions",
        "responses": {
          "200": {
            "description": "versions, oldest first",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/FileVersion"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/dataset"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ]
      }
    },
    "/v1/datasets/{dataset}/runs": {
      "post": {
        "summary": "settle the dataset's current files: a new run (the next version of its period)",
        "operationId": "startRun",
        "responses": {
          "201": {
            "description": "the run",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Run"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "500": {
            "$ref": "#/components/responses/Error"
          },
          "504": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/dataset"
          }
        ]
      }
    },
    "/v1/runs": {
      "get": {
        "summary": "the runs the caller may see",
        "operationId": "listRuns",
        "responses": {
          "200": {
            "description": "runs",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Run"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/runs/{id}": {
      "get": {
        "summary": "one run",
        "operationId": "getRun",
        "responses": {
          "200": {
            "description": "run",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Run"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ]
      }
    },
    "/v1/runs/{id}/statement": {
      "get": {
        "summary": "the statement JSON (docs/dataset-format.md §7.1), rendered from the stored statement; not for the utility role",
        "operationId": "getStatement",
        "responses": {
          "200": {
            "description": "statement",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "500": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ]
      }
    },
    "/v1/runs/{id}/statement.csv": {
      "get": {
        "summary": "the statement CSV (docs/dataset-format.md §7.2), rendered from the stored statement; not for the utility role",
        "operationId": "getStatementCSV",
        "responses": {
          "200": {
            "description": "statement CSV",
            "content": {
              "text/csv": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "500": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ]
      }
    },
    "/v1/runs/{id}/report": {
      "get": {
        "summary": "the HTML report, rendered from the stored statement and figures (404 no_report for a run stored before schema v9 without one); not for the utility role",
        "operationId": "getReport",
        "responses": {
          "200": {
            "description": "HTML report",
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "500": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ]
      }
    },
    "/v1/runs/{id}/figures": {
      "get": {
        "summary": "the interval columns and bill figures stored with the run (what its charts are drawn from); not for the utility role",
        "operationId": "getFigures",
        "responses": {
          "200": {
            "description": "figures",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RunFigures"
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ]
      }
    },
    "/v1/runs/{id}/lines": {
      "get": {
        "summary": "statement lines with their lineage (rule, intervals); the utility role sees the retail sections",
        "operationId": "getLines",
        "responses": {
          "200": {
            "description": "lines",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Line"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          },
          {
            "name": "section",
            "in": "query",
            "required": false,
            "description": "only this section",
            "schema": {
              "type": "string"
            }
          }
        ]
      }
    },
    "/v1/runs/{id}/lines/{seq}": {
      "get": {
        "summary": "one statement line with its whole interval lineage: every run of intervals behind it",
        "operationId": "getLine",
        "responses": {
          "200": {
            "description": "the line and its intervals",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LineLineage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          },
          {
            "name": "seq",
            "in": "path",
            "required": true,
            "description": "the line's position in the statement (seq in the lines list)",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          }
        ]
      }
    },
    "/v1/runs/{id}/lines/{seq}/intervals": {
      "get": {
        "summary": "the intervals behind one statement line, with quantities and amounts that add up to it exactly: the run's unit settled again from the dataset's stored files",
        "operationId": "getLineIntervals",
        "responses": {
          "200": {
            "description": "the line taken apart, or the reason it is not a sum over intervals",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LineIntervals"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          },
          {
            "name": "seq",
            "in": "path",
            "required": true,
            "description": "the line's position in the statement (seq in the lines list)",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          }
        ]
      }
    },
    "/v1/runs/{id}/violations": {
      "get": {
        "summary": "checks that found a violation",
        "operationId": "getViolations",
        "responses": {
          "200": {
            "description": "violations",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Check"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ]
      }
    },
    "/v1/runs/{id}/difference": {
      "get": {
        "summary": "what changed line by line against an earlier run (default: the run it replaces)",
        "operationId": "getDifference",
        "responses": {
          "200": {
            "description": "difference",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Difference"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          },
          {
            "name": "from",
            "in": "query",
            "required": false,
            "description": "the earlier run id",
            "schema": {
              "type": "integer"
            }
          }
        ]
      }
    }
  }
}
"""#
}

/// The OpenAPI document's text, for tools and tests.
public enum OpenAPIText {
    public static var document: String { OpenAPIDocument.json }
}
