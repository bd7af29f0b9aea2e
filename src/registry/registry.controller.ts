import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/request-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CityWide, Roles } from '../common/roles.decorator.js';
import {
  BrokerListQuery,
  ChangeBrokerStatusDto,
  CreateBrokerDto,
  CreateEmployerDto,
  CreateTownshipDto,
  CreateWorkerDto,
  EmployerListQuery,
  UpdateTownshipDto,
  UpdateBrokerDto,
  UpdateEmployerDto,
  UpdateWorkerDto,
  WorkerListQuery,
} from './registry.dto.js';
import { RegistryService } from './registry.service.js';
import {
  BrokerDetail,
  BrokerPage,
  BrokerView,
  EmployerPage,
  EmployerView,
  TownshipView,
  WorkerPage,
  WorkerView,
} from './registry.responses.js';
import { HandoverDto } from '../offices/offices.dto.js';
import { HolderView } from '../offices/offices.responses.js';
import { OfficesService } from '../offices/offices.service.js';
import { keysetPages, wantsXlsx, xlsxFile } from '../common/xlsx-export.js';
import { BROKER_EXPORT, EMPLOYER_EXPORT, WORKER_EXPORT } from './registry-export.js';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('townships')
export class TownshipsController {
  constructor(private readonly registry: RegistryService) {}

  @Get()
  @Roles('admin', 'caseworker', 'finance')
  @ApiOkResponse({ type: TownshipView, isArray: true })
  list() {
    return this.registry.listTownships();
  }

  @Post()
  @CityWide()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a township with its yearly labour-export target (admin)' })
  @ApiCreatedResponse({ type: TownshipView })
  create(@Body() dto: CreateTownshipDto) {
    return this.registry.createTownship(dto);
  }

  @Patch(':id')
  @CityWide()
  @Roles('admin')
  @ApiOperation({
    summary:
      "Change a township's yearly target or the station serving it (one of its county's; null: the county); the old station's records of it move to the new one",
  })
  @ApiOkResponse({ type: TownshipView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTownshipDto) {
    return this.registry.updateTownship(id, dto);
  }
}

@ApiTags('registry')
@ApiBearerAuth()
@Controller('workers')
export class WorkersController {
  constructor(
    private readonly registry: RegistryService,
    private readonly offices: OfficesService,
  ) {}

  @Post(':id/handover')
  @HttpCode(200)
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary: '移交: hand the worker to a township station of the county, or back to the county, with the reason',
  })
  @ApiOkResponse({ type: HolderView })
  handover(@Param('id', ParseIntPipe) id: number, @Body() dto: HandoverDto) {
    return this.offices.handover('worker', id, dto);
  }

  @Post()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Register a worker (务工人员); an existing ID number answers 409 with the existing id' })
  @ApiCreatedResponse({ type: WorkerView })
  create(@Body() dto: CreateWorkerDto) {
    return this.registry.createWorker(dto);
  }

  @Get()
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary:
      'List workers (ID and phone masked); search by name, ID number or township. ?format=xlsx (or Accept: xlsx) exports the whole filtered list',
  })
  @ApiOkResponse({ type: WorkerPage, description: 'JSON; with ?format=xlsx the spreadsheet instead' })
  list(@Query() q: WorkerListQuery, @Headers('accept') accept?: string) {
    if (wantsXlsx(accept, q.format))
      return xlsxFile('务工人员.xlsx', '务工人员', WORKER_EXPORT, this.registry.exportWorkers(q));
    return this.registry.listWorkers(q);
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary: 'One worker; full ID and phone for caseworker/admin (the read is audited), masked for finance',
  })
  @ApiOkResponse({ type: WorkerView })
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.registry.getWorker(id, actor);
  }

  @Patch(':id')
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Change a worker; send the version you read (409 if someone changed it since)' })
  @ApiOkResponse({ type: WorkerView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateWorkerDto) {
    return this.registry.updateWorker(id, dto);
  }
}

@ApiTags('registry')
@ApiBearerAuth()
@Controller('employers')
export class EmployersController {
  constructor(private readonly registry: RegistryService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Register an employer (用工单位) by its unified social credit code' })
  @ApiCreatedResponse({ type: EmployerView })
  create(@Body() dto: CreateEmployerDto) {
    return this.registry.createEmployer(dto);
  }

  @Get()
  @Roles('admin', 'caseworker', 'finance')
  @ApiOkResponse({ type: EmployerPage, description: 'JSON; with ?format=xlsx the spreadsheet instead' })
  list(@Query() q: EmployerListQuery, @Headers('accept') accept?: string) {
    if (wantsXlsx(accept, q.format))
      return xlsxFile(
        '用工单位.xlsx',
        '用工单位',
        EMPLOYER_EXPORT,
        keysetPages(async (k) => (await this.registry.listEmployers(q, k)).items),
      );
    return this.registry.listEmployers(q);
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'finance')
  @ApiOkResponse({ type: EmployerView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.registry.getEmployer(id);
  }

  @Patch(':id')
  @Roles('admin', 'caseworker')
  @ApiOkResponse({ type: EmployerView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateEmployerDto) {
    return this.registry.updateEmployer(id, dto);
  }
}

@ApiTags('registry')
@ApiBearerAuth()
@Controller('brokers')
export class BrokersController {
  constructor(private readonly registry: RegistryService) {}

  @Post()
  @Roles('admin', 'caseworker')
  @ApiOperation({ summary: 'Register a broker (职业介绍人), optionally linked to a broker user account' })
  @ApiCreatedResponse({ type: BrokerView })
  create(@Body() dto: CreateBrokerDto) {
    return this.registry.createBroker(dto);
  }

  @Get()
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary:
      'List brokers (ID and phone masked); search by name, certificate number, or a whole ID or phone number (a part of a masked number matches nothing). ?format=xlsx (or Accept: xlsx) exports the whole filtered list',
  })
  @ApiOkResponse({ type: BrokerPage, description: 'JSON; with ?format=xlsx the spreadsheet instead' })
  list(@Query() q: BrokerListQuery, @Headers('accept') accept?: string) {
    if (wantsXlsx(accept, q.format))
      return xlsxFile(
        '职业介绍人.xlsx',
        '职业介绍人',
        BROKER_EXPORT,
        keysetPages(async (k) => (await this.registry.listBrokers(q, k)).items),
      );
    return this.registry.listBrokers(q);
  }

  @Get(':id')
  @Roles('admin', 'caseworker', 'finance', 'broker')
  @ApiOperation({
    summary: 'One broker with its status history; a broker sees only their own record (others answer 404)',
  })
  @ApiOkResponse({ type: BrokerDetail })
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    return this.registry.getBroker(id, actor);
  }

  @Patch(':id')
  @Roles('admin', 'caseworker')
  @ApiOperation({
    summary: "Change a broker's name or phone; send the version you read (409 if someone changed it since)",
  })
  @ApiOkResponse({ type: BrokerView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateBrokerDto) {
    return this.registry.updateBroker(id, dto);
  }

  @Post(':id/status')
  @Roles('admin')
  @ApiOperation({ summary: 'Suspend or reactivate a broker, with a reason and the date it takes effect (admin)' })
  @ApiCreatedResponse({ type: BrokerView })
  changeStatus(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ChangeBrokerStatusDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.registry.changeBrokerStatus(id, dto, actor);
  }
}
