import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { CreateOfficeDto, UpdateOfficeDto } from './offices.dto.js';
import { OfficesService } from './offices.service.js';
import { OfficeNodeView, OfficeView } from './offices.responses.js';

@ApiTags('offices')
@ApiBearerAuth()
@Controller('offices')
export class OfficesController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @Roles('admin', 'caseworker', 'finance')
  @ApiOperation({
    summary:
      "The offices you reach, as a tree: a city admin the whole city, a county's users the county and its stations, a station itself and its county",
  })
  @ApiOkResponse({ type: OfficeNodeView, isArray: true })
  tree() {
    return this.offices.tree();
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: OfficeView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.offices.get(id);
  }

  @Post()
  @CityWide()
  @Roles('admin')
  @ApiOperation({
    summary:
      "Set up a county bureau under the city (city admin) or a township station under a county (that county's or the city's admin)",
  })
  @ApiCreatedResponse({ type: OfficeView })
  create(@Body() dto: CreateOfficeDto) {
    return this.offices.create(dto);
  }

  @Patch(':id')
  @CityWide()
  @Roles('admin')
  @ApiOperation({
    summary: 'Rename an office, change its phone, seal text, address, a county’s 文号 prefix, or close it',
  })
  @ApiOkResponse({ type: OfficeView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateOfficeDto) {
    return this.offices.update(id, dto);
  }
}
